import { PermanentError, ValidationError } from '../errors/index.js';
import {
  formatLocalDate,
  instantAt,
  localDayNumber,
  localMinuteOfDay,
  parseClockTime,
  parseLocalDate,
  weekdayOf,
  yearOf,
} from './local-time.js';
import {
  FIXED_SOLAR_HOLIDAYS,
  VIETNAM_HOLIDAY_YEARS,
  type HolidayYear,
} from './vietnam-holidays.js';

export interface OfficeHoursInterval {
  /** Start of the interval in Vietnam time, `HH:MM`. */
  start: string;
  /** End of the interval in Vietnam time, `HH:MM`, later than `start`. */
  end: string;
}

export interface WorkingCalendarOptions {
  /** Days of the week that are not worked, 0 for Sunday to 6 for Saturday. Default [0, 6]. */
  weekendDays?: number[];
  /** Office hours in Vietnam time, in order and not overlapping. Default 07:30–11:30, 13:00–16:30. */
  officeHours?: OfficeHoursInterval[];
  /** Announced days off and make-up working days per year. Default VIETNAM_HOLIDAY_YEARS. */
  holidayYears?: Readonly<Record<number, HolidayYear>>;
  /** Further days off (`YYYY-MM-DD`), such as a closure of the agency itself. */
  extraDaysOff?: string[];
  /** Further weekend days that are worked (`YYYY-MM-DD`). */
  extraWorkingDays?: string[];
  /**
   * Whether a date in a year missing from `holidayYears` raises a PermanentError (the default),
   * or is treated with weekends and fixed solar holidays only, which misses Tết.
   */
  requireHolidayYear?: boolean;
}

interface Interval {
  start: number;
  end: number;
}

const MINUTE_MS = 60_000;
/** Upper bound on consecutive days off, which only a misconfigured calendar exceeds. */
const MAX_DAYS_OFF_IN_A_ROW = 60;

/**
 * A working-day calendar in Vietnam time (UTC+7) with weekends, public holidays, make-up
 * working days and office hours. Every method works on Vietnam-local dates and wall-clock
 * times whatever the server's time zone.
 */
export class WorkingCalendar {
  readonly officeHours: readonly Interval[];
  private readonly weekendDays: ReadonlySet<number>;
  private readonly holidayYears: Readonly<Record<number, HolidayYear>>;
  private readonly requireHolidayYear: boolean;
  private readonly daysOff = new Map<number, string>();
  private readonly workingDays = new Set<number>();
  private readonly loadedYears = new Set<number>();

  constructor(options: WorkingCalendarOptions = {}) {
    this.weekendDays = new Set(checkWeekendDays(options.weekendDays ?? [0, 6]));
    this.officeHours = checkOfficeHours(
      options.officeHours ?? [
        { start: '07:30', end: '11:30' },
        { start: '13:00', end: '16:30' },
      ],
    );
    this.holidayYears = options.holidayYears ?? VIETNAM_HOLIDAY_YEARS;
    this.requireHolidayYear = options.requireHolidayYear ?? true;
    for (const date of options.extraDaysOff ?? []) {
      this.daysOff.set(parseLocalDate(date, 'extraDaysOff'), 'extra day off');
    }
    for (const date of options.extraWorkingDays ?? []) {
      this.workingDays.add(parseLocalDate(date, 'extraWorkingDays'));
    }
  }

  /** Length of one working day's office hours, in milliseconds. */
  get workingDayMs(): number {
    return this.officeHours.reduce((sum, i) => sum + (i.end - i.start), 0) * MINUTE_MS;
  }

  /** Checks whether the Vietnam-local date of `day` (an instant or `YYYY-MM-DD`) is worked. */
  isWorkingDay(day: Date | string): boolean {
    return this.isWorkingDayNumber(toDayNumber(day));
  }

  /** Name of the holiday or day off on `day`, or undefined for a weekend or working day. */
  dayOffName(day: Date | string): string | undefined {
    const dayNumber = toDayNumber(day);
    this.loadYear(yearOf(dayNumber));
    return this.daysOff.get(dayNumber);
  }

  /** Returns `from` when it is within office hours on a working day, else the next opening. */
  nextWorkingInstant(from: Date): Date {
    let day = localDayNumber(from);
    let minute = localMinuteOfDay(from);
    for (let step = 0; step <= MAX_DAYS_OFF_IN_A_ROW; step += 1) {
      if (this.isWorkingDayNumber(day)) {
        const interval = this.officeHours.find((candidate) => minute < candidate.end);
        if (interval && minute >= interval.start) return new Date(from.getTime());
        if (interval) return instantAt(day, interval.start);
      }
      day += 1;
      minute = 0;
    }
    throw noWorkingDayError(day);
  }

  /**
   * Returns the deadline `days` working days after the Vietnam-local day of `from`: the end of
   * office hours on the Nth working day after the receipt day, whatever the time of receipt.
   * With `days` 0 it is the end of office hours on the receipt day when `from` is before that
   * end on a working day, else the end of the next working day.
   */
  addWorkingDays(from: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) {
      throw new ValidationError('days must be a whole number of working days, 0 or more', {
        field: 'days',
        value: days,
      });
    }
    const receiptDay = localDayNumber(from);
    const closing = this.officeHours[this.officeHours.length - 1].end;
    let day = receiptDay;
    let counted = 0;
    const sameDay = this.isWorkingDayNumber(day) && localMinuteOfDay(from) < closing;
    const target = days === 0 && !sameDay ? 1 : days;
    while (counted < target) {
      day = this.nextWorkingDayNumber(day);
      counted += 1;
    }
    return instantAt(day, closing);
  }

  /**
   * Returns the instant `hours` office hours after `from`, counting only office hours on
   * working days. A result that falls exactly at the end of an interval stays there, and
   * `hours` 0 returns `from` unchanged even outside office hours.
   */
  addWorkingHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new ValidationError('hours must be a number of working hours, 0 or more', {
        field: 'hours',
        value: hours,
      });
    }
    if (hours === 0) return new Date(from.getTime());
    let remaining = hours * 60;
    let day = localDayNumber(from);
    let minute = localMinuteOfDay(from);
    const dayMinutes = this.workingDayMs / MINUTE_MS;
    const maxSteps = (Math.ceil(remaining / dayMinutes) + 1) * MAX_DAYS_OFF_IN_A_ROW;
    for (let step = 0; step <= maxSteps; step += 1) {
      if (this.isWorkingDayNumber(day)) {
        for (const interval of this.officeHours) {
          if (interval.end <= minute) continue;
          const start = Math.max(interval.start, minute);
          if (remaining <= interval.end - start) return instantAt(day, start + remaining);
          remaining -= interval.end - start;
        }
      }
      day += 1;
      minute = 0;
    }
    throw noWorkingDayError(day);
  }

  /**
   * Returns the office time between `a` and `b` in milliseconds, counting only office hours on
   * working days; negative when `b` is before `a`.
   */
  workingTimeBetween(a: Date, b: Date): number {
    if (b.getTime() < a.getTime()) return -this.workingTimeBetween(b, a);
    let total = 0;
    for (let day = localDayNumber(a); day <= localDayNumber(b); day += 1) {
      if (!this.isWorkingDayNumber(day)) continue;
      for (const interval of this.officeHours) {
        const start = Math.max(instantAt(day, interval.start).getTime(), a.getTime());
        const end = Math.min(instantAt(day, interval.end).getTime(), b.getTime());
        if (end > start) total += end - start;
      }
    }
    return total;
  }

  private nextWorkingDayNumber(day: number): number {
    for (let candidate = day + 1; candidate <= day + MAX_DAYS_OFF_IN_A_ROW; candidate += 1) {
      if (this.isWorkingDayNumber(candidate)) return candidate;
    }
    throw noWorkingDayError(day);
  }

  private isWorkingDayNumber(day: number): boolean {
    this.loadYear(yearOf(day));
    if (this.workingDays.has(day)) return true;
    if (this.daysOff.has(day)) return false;
    return !this.weekendDays.has(weekdayOf(day));
  }

  private loadYear(year: number): void {
    if (this.loadedYears.has(year)) return;
    const table = this.holidayYears[year];
    if (!table && this.requireHolidayYear) {
      throw new PermanentError(
        `no holiday table for ${year}: add that year's announced days off to the calendar's ` +
          'holidayYears option, or set requireHolidayYear to false',
        { field: 'holidayYears', value: year },
      );
    }
    for (const holiday of FIXED_SOLAR_HOLIDAYS) {
      const day = parseLocalDate(`${year}-${holiday.monthDay}`);
      if (!this.daysOff.has(day)) this.daysOff.set(day, holiday.name);
    }
    for (const entry of table?.daysOff ?? []) {
      this.daysOff.set(parseLocalDate(entry.date, `holidayYears.${year}.daysOff`), entry.name);
    }
    for (const entry of table?.makeUpWorkingDays ?? []) {
      this.workingDays.add(parseLocalDate(entry.date, `holidayYears.${year}.makeUpWorkingDays`));
    }
    this.loadedYears.add(year);
  }
}

function toDayNumber(day: Date | string): number {
  return typeof day === 'string' ? parseLocalDate(day, 'day') : localDayNumber(day);
}

function noWorkingDayError(day: number): PermanentError {
  return new PermanentError(
    `no working day within ${MAX_DAYS_OFF_IN_A_ROW} days around ${formatLocalDate(day)}: ` +
      'check the calendar weekendDays and days off',
    { field: 'weekendDays', value: formatLocalDate(day) },
  );
}

function checkWeekendDays(days: number[]): number[] {
  for (const day of days) {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new ValidationError('weekendDays must contain days of the week from 0 (Sunday) to 6', {
        field: 'weekendDays',
        value: day,
      });
    }
  }
  return days;
}

function checkOfficeHours(intervals: OfficeHoursInterval[]): Interval[] {
  const parsed = intervals.map((interval, index) => ({
    start: parseClockTime(interval.start, `officeHours[${index}].start`),
    end: parseClockTime(interval.end, `officeHours[${index}].end`),
  }));
  parsed.forEach((interval, index) => {
    const previousEnd = index === 0 ? 0 : parsed[index - 1].end;
    if (interval.end <= interval.start || interval.start < previousEnd) {
      throw new ValidationError(
        'officeHours must be intervals with start before end, in order and not overlapping',
        { field: `officeHours[${index}]`, value: intervals[index] },
      );
    }
  });
  if (parsed.length === 0) {
    throw new ValidationError('officeHours must contain at least one interval', {
      field: 'officeHours',
      value: intervals,
    });
  }
  return parsed;
}
