import { ValidationError } from '../errors/index.js';

type Query = Record<string, unknown>;

/** Raises 400 naming the first query parameter outside `accepted`. */
export function rejectUnknownParameters(query: Query, accepted: readonly string[]): void {
  const unknown = Object.keys(query).find((name) => !accepted.includes(name));
  if (unknown !== undefined) {
    throw new ValidationError(
      `unknown query parameter "${unknown}"; the accepted query parameters are ` +
        (accepted.length > 0 ? accepted.join(', ') : 'none'),
      { field: unknown, value: query[unknown] },
    );
  }
}

/** Returns a single text parameter, undefined when absent, and 400 for repeats or empty text. */
export function optionalText(query: Query, field: string, maxLength = 100): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > maxLength) {
    throw new ValidationError(
      `${field} must be given once, as a non-empty text of at most ${maxLength} characters`,
      { field, value },
    );
  }
  return value;
}

/** Returns a whole number parameter from `min` to `max`, or `fallback` when absent. */
export function optionalInteger(
  query: Query,
  field: string,
  range: { min: number; max: number; fallback: number },
): number {
  const value = query[field];
  if (value === undefined) return range.fallback;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < range.min || parsed > range.max) {
    throw new ValidationError(`${field} must be a whole number from ${range.min} to ${range.max}`, {
      field,
      value,
    });
  }
  return parsed;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Returns a required calendar date `YYYY-MM-DD`, raising 400 naming the value otherwise. */
export function requiredDate(query: Query, field: string): string {
  const value = query[field];
  if (value === undefined) {
    throw new ValidationError(`${field} is missing from the query; write it as YYYY-MM-DD`, {
      field,
      value,
    });
  }
  const text = typeof value === 'string' ? value : '';
  const parsed = new Date(`${text}T00:00:00Z`);
  if (
    !ISO_DATE.test(text) ||
    Number.isNaN(parsed.getTime()) ||
    !parsed.toISOString().startsWith(text)
  ) {
    throw new ValidationError(
      `${field} must be a calendar date written YYYY-MM-DD, not ${JSON.stringify(value)}`,
      { field, value },
    );
  }
  return text;
}
