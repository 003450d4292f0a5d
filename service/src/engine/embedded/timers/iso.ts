import { PermanentError } from '../../../errors/index.js';

/**
 * A timer value that is not a valid ISO 8601 date, duration or cycle. At deploy time the
 * compiler reports it as a problem; at run time the runtime raises an incident with it.
 */
export class InvalidTimerError extends PermanentError {
  override readonly code: string = 'INVALID_TIMER';
}

/** The parts of an ISO 8601 duration such as `P1Y2M3W4DT5H6M7.5S`. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** May carry a fraction; resolved to whole milliseconds when added. */
  seconds: number;
}

const DURATION_PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses a positive ISO 8601 duration; throws InvalidTimerError naming the value otherwise. */
export function parseIsoDuration(text: string): IsoDuration {
  const match = DURATION_PATTERN.exec(text.trim());
  const hasPart = match?.slice(1).some((part) => part !== undefined) ?? false;
  if (!match || !hasPart || text.trim().endsWith('T')) {
    throw new InvalidTimerError(
      `Invalid duration '${text}': expected an ISO 8601 duration such as PT4H, P3D, P2W or P1Y2M`,
      { value: text },
    );
  }
  const number = (part: string | undefined): number => Number((part ?? '0').replace(',', '.'));
  return {
    years: number(match[1]),
    months: number(match[2]),
    weeks: number(match[3]),
    days: number(match[4]),
    hours: number(match[5]),
    minutes: number(match[6]),
    seconds: number(match[7]),
  };
}

/**
 * Adds an ISO 8601 duration to an instant. Years and months are calendar months in UTC, so
 * January 31 plus one month is the last day of February, as with Java's `plusMonths`. Weeks
 * and days are calendar days in UTC, and hours, minutes and seconds are exact.
 */
export function addIsoDuration(from: Date, duration: string): Date {
  const parts = parseIsoDuration(duration);
  const result = new Date(from.getTime());
  const totalMonths = result.getUTCMonth() + parts.years * 12 + parts.months;
  const dayOfMonth = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCFullYear(result.getUTCFullYear() + Math.floor(totalMonths / 12), totalMonths % 12);
  result.setUTCDate(Math.min(dayOfMonth, daysInUtcMonth(result)));
  result.setUTCDate(result.getUTCDate() + parts.weeks * 7 + parts.days);
  const timeMs = ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
  return new Date(result.getTime() + Math.round(timeMs));
}

function daysInUtcMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?(?:\[([^\]]+)\])?$/;

/**
 * Parses an ISO 8601 date-time with a zone offset (`2026-12-04T08:00:00+07:00`, `...Z`), also in
 * the form Zeebe writes FEEL date-times (`2026-12-04T08:00+01:00[Europe/Paris]`). A date-time
 * without an offset is rejected because its instant depends on the server's time zone.
 */
export function parseIsoDateTime(text: string): Date {
  const match = DATE_TIME_PATTERN.exec(text.trim());
  if (!match) {
    throw new InvalidTimerError(
      `Invalid date '${text}': expected an ISO 8601 date-time with a zone offset, such as ` +
        `2026-12-04T08:00:00+07:00 or 2026-12-04T01:00:00Z`,
      { value: text },
    );
  }
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  if (offset === undefined) {
    throw new InvalidTimerError(
      `Invalid date '${text}': the date-time has no zone offset, so its instant is ambiguous. ` +
        `Add an offset such as +07:00 or Z`,
      { value: text },
    );
  }
  const fields = [year, month, day, hour, minute, second ?? '0'].map(Number);
  const millis = Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
  const utc = toUtcMillis(fields, millis);
  if (utc === undefined) {
    throw new InvalidTimerError(`Invalid date '${text}': the date or time of day does not exist`, {
      value: text,
    });
  }
  return new Date(utc - offsetMinutes(offset) * 60_000);
}

/** Returns the UTC milliseconds of wall-clock fields, or undefined when a field overflows. */
function toUtcMillis(fields: number[], millis: number): number | undefined {
  const [year, month, day, hour, minute, second] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  const sameDay = check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return sameDay ? utc : undefined;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return offset.startsWith('-') ? -minutes : minutes;
}
