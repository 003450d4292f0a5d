import { ValidationError } from '../errors/index.js';
import { vietnamDate } from '../registers/index.js';

/**
 * Checks of single input fields against the lengths of the metadata standard. Each throws a
 * ValidationError that names the field, the value received and the limit. Lengths count Unicode
 * code points, as MySQL's VARCHAR(n) does.
 */

interface TextRule {
  max: number;
  required?: boolean;
}

export function checkText(
  field: string,
  value: unknown,
  rule: TextRule & { required: true },
): string;
export function checkText(field: string, value: unknown, rule: TextRule): string | null;
export function checkText(field: string, value: unknown, rule: TextRule): string | null {
  if (value === undefined || value === null || value === '') {
    if (rule.required) {
      throw new ValidationError(`${field} is missing but required`, { field, value });
    }
    return null;
  }
  if (typeof value !== 'string') {
    throw new ValidationError(`${field} must be text`, { field, value });
  }
  const length = [...value].length;
  if (length > rule.max) {
    throw new ValidationError(
      `${field} is ${length} characters long, over the limit of ${rule.max}. Shorten it`,
      { field, value, limit: rule.max },
    );
  }
  return value;
}

/** Checks a whole number that the standard gives as `Number n`: at most n digits, not negative. */
export function checkDigits(
  field: string,
  value: unknown,
  digits: number,
  required = false,
): number | null {
  if (value === undefined || value === null) {
    if (required) throw new ValidationError(`${field} is missing but required`, { field, value });
    return null;
  }
  const limit = 10 ** digits - 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > limit) {
    throw new ValidationError(`${field} must be a whole number from 0 to ${limit}`, {
      field,
      value,
      limit,
    });
  }
  return value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a calendar date written `YYYY-MM-DD`. */
export function checkDate(field: string, value: unknown, required = false): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw new ValidationError(`${field} is missing but required`, { field, value });
    return null;
  }
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const parsed = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!parsed || parsed.toISOString().slice(0, 10) !== value) {
    throw new ValidationError(`${field} must be a calendar date written YYYY-MM-DD`, {
      field,
      value,
    });
  }
  return value as string;
}

/**
 * Checks a calendar date that cannot be later than today in Vietnam time (UTC+7), such as the
 * issue date of a received document.
 */
export function checkDateNotLater(field: string, value: unknown, now: Date): string | null {
  const date = checkDate(field, value);
  const today = vietnamDate(now);
  if (date !== null && date > today) {
    throw new ValidationError(
      `${field} ${date} is later than today (${today} in Vietnam). Check the date on the document`,
      { field, value, today },
    );
  }
  return date;
}

/** Checks an instant given as an ISO 8601 string or a Date. */
export function checkInstant(field: string, value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  let instant: Date | null = null;
  if (value instanceof Date) instant = value;
  if (typeof value === 'string') instant = new Date(value);
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new ValidationError(
      `${field} must be an ISO 8601 date and time, such as 2026-12-04T08:00:00+07:00`,
      {
        field,
        value,
      },
    );
  }
  return instant;
}

const FILE_ID = /^[0-9a-f]{64}$/;

/** Checks a stored file's id: the lower-case hex SHA-256 of its content. */
export function checkFileId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !FILE_ID.test(value)) {
    throw new ValidationError(`${field} must be a file id: 64 lower-case hex digits of SHA-256`, {
      field,
      value,
    });
  }
  return value;
}
