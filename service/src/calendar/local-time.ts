import { ValidationError } from '../errors/index.js';

/**
 * Offset of Vietnam time from UTC. Vietnam uses UTC+7 all year without daylight saving time,
 * so a fixed offset matches the IANA zone Asia/Ho_Chi_Minh for current dates. Calculations use
 * it directly and so ignore the server's own time zone.
 */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * MINUTE_MS;

/** Days since 1970-01-01 of the Vietnam-local calendar date that contains `instant`. */
export function localDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
}

/** Minutes since Vietnam-local midnight, with a fraction for seconds and milliseconds. */
export function localMinuteOfDay(instant: Date): number {
  const localMs = instant.getTime() + OFFSET_MS;
  return (localMs - Math.floor(localMs / DAY_MS) * DAY_MS) / MINUTE_MS;
}

/** Returns the instant `minute` minutes after Vietnam-local midnight of day `dayNumber`. */
export function instantAt(dayNumber: number, minute: number): Date {
  return new Date(dayNumber * DAY_MS + minute * MINUTE_MS - OFFSET_MS);
}

/** Day of the week, 0 for Sunday to 6 for Saturday, as in `Date.getDay()`. */
export function weekdayOf(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Formats a day number as `YYYY-MM-DD`. */
export function formatLocalDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Parses a `YYYY-MM-DD` date into a day number, raising a ValidationError naming `field`. */
export function parseLocalDate(text: string, field = 'date'): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) {
    throw new ValidationError(`${field} must be a calendar date written YYYY-MM-DD`, {
      field,
      value: text,
    });
  }
  return time / DAY_MS;
}

/** Returns the Gregorian year of a day number. */
export function yearOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

/** Formats `instant` as ISO 8601 in Vietnam time with its offset: `2026-02-13T16:30:00+07:00`. */
export function toVietnamIso(instant: Date): string {
  const local = new Date(instant.getTime() + OFFSET_MS).toISOString();
  const fraction = local.slice(19, 23) === '.000' ? '' : local.slice(19, 23);
  return `${local.slice(0, 19)}${fraction}+07:00`;
}

/**
 * Parses a `HH:MM` wall-clock time into minutes after midnight; throws a ValidationError naming
 * `field` when the text is not a time from 00:00 to 24:00.
 */
export function parseClockTime(text: string, field: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) {
    throw new ValidationError(`${field} must be a time of day written HH:MM, such as 07:30`, {
      field,
      value: text,
    });
  }
  return minutes;
}
