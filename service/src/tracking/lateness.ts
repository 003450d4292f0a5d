import { PermanentError } from '../errors/index.js';
import type { WorkingCalendar } from '../calendar/index.js';

const HOUR_MS = 3_600_000;

/** How far past its due instant an item is, in clock time and in office time. */
export interface Lateness {
  /** Clock milliseconds past due. */
  ms: number;
  /**
   * Office milliseconds past due (office hours on working days only), or null when the
   * calendar has no holiday table for a year in between.
   */
  workingMs: number | null;
  /** Whole working days in `workingMs`. */
  workingDays: number | null;
  /** Office hours left over after the whole working days, to one decimal. */
  workingHours: number | null;
}

/**
 * Measures how late `end` is against `due`: zero values when `end` is on or before `due`.
 * Working time comes from `calendar`, so a weekend or holiday adds nothing.
 */
export function measureLateness(calendar: WorkingCalendar, due: Date, end: Date): Lateness {
  const ms = Math.max(end.getTime() - due.getTime(), 0);
  if (ms === 0) return { ms: 0, workingMs: 0, workingDays: 0, workingHours: 0 };
  let workingMs: number;
  try {
    workingMs = calendar.workingTimeBetween(due, end);
  } catch (error) {
    // A year without a holiday table cannot be counted in working days, so the working fields are null.
    if (error instanceof PermanentError) {
      return { ms, workingMs: null, workingDays: null, workingHours: null };
    }
    throw error;
  }
  const dayMs = calendar.workingDayMs;
  const workingDays = Math.floor(workingMs / dayMs);
  const workingHours = Math.round(((workingMs - workingDays * dayMs) / HOUR_MS) * 10) / 10;
  return { ms, workingMs, workingDays, workingHours };
}

/** Office milliseconds between two instants, or null when the calendar cannot count them. */
export function workingTimeOrNull(calendar: WorkingCalendar, from: Date, to: Date): number | null {
  try {
    return calendar.workingTimeBetween(from, to);
  } catch (error) {
    if (error instanceof PermanentError) return null;
    throw error;
  }
}
