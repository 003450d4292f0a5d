import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '../errors/index.js';
import { DeadlinePolicy, STEP_KINDS } from './deadline-policy.js';
import type { HolidayYear } from './vietnam-holidays.js';
import { WorkingCalendar } from './working-calendar.js';

/** Escalation timing of an overdue task. */
export interface EscalationSettings {
  /** ISO 8601 duration between two escalation levels, such as `P1D` or `PT10S`. */
  interval: string;
  /** Escalation levels after the due date; the chain also ends at the top of the organisation. */
  maxLevels: number;
  /** Whether a level that falls on a weekend or holiday waits for the next firing on a working day. */
  workingDaysOnly: boolean;
}

/** Demonstration timing: every step lasts a fixed number of wall-clock seconds. */
export interface FixedStepTiming {
  stepSeconds: number;
  /** Seconds before the due instant at which the holder is reminded. */
  reminderSeconds: number;
}

/** Everything that decides due dates, reminders and escalations, built once at start-up. */
export interface DeadlineSettings {
  calendar: WorkingCalendar;
  policy: DeadlinePolicy;
  escalation: EscalationSettings;
  /** When set, steps ignore the working calendar and last `stepSeconds` each. */
  fixedStep?: FixedStepTiming;
}

const ISO_DURATION = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const stepTable = z.partialRecord(z.enum(STEP_KINDS), z.number().int().min(0));
const allowance = z.union([
  z.strictObject({ workingDays: z.number().int().min(0) }),
  z.strictObject({ workingHours: z.number().min(0) }),
]);
const calendarDay = z.strictObject({ date: z.string(), name: z.string() });

const deadlinesFileSchema = z.strictObject({
  calendar: z
    .strictObject({
      weekendDays: z.array(z.number().int().min(0).max(6)).optional(),
      officeHours: z.array(z.strictObject({ start: z.string(), end: z.string() })).optional(),
      holidayYears: z
        .record(
          z.string().regex(/^\d{4}$/),
          z.strictObject({
            daysOff: z.array(calendarDay),
            makeUpWorkingDays: z.array(calendarDay),
            confirmed: z.boolean(),
            source: z.string(),
          }),
        )
        .optional(),
      extraDaysOff: z.array(z.string()).optional(),
      extraWorkingDays: z.array(z.string()).optional(),
    })
    .optional(),
  stepWorkingDays: stepTable.optional(),
  documentTypeWorkingDays: z.record(z.string(), stepTable).optional(),
  urgency: z.partialRecord(z.enum(['1', '2', '3', '4']), allowance).optional(),
  leaderDeadline: z.enum(['earlier', 'always']).optional(),
  reminder: z
    .union([
      z.strictObject({ elapsedFraction: z.number().min(0).max(1) }),
      z.strictObject({ leadWorkingHours: z.number().min(0) }),
    ])
    .optional(),
  escalation: z
    .strictObject({
      interval: z.string().regex(ISO_DURATION).optional(),
      maxLevels: z.number().int().min(1).max(20).optional(),
      workingDaysOnly: z.boolean().optional(),
    })
    .optional(),
  fixedStep: z
    .strictObject({
      stepSeconds: z.number().int().min(1),
      reminderSeconds: z.number().int().min(0),
    })
    .refine((timing) => timing.reminderSeconds < timing.stepSeconds, {
      message: 'reminderSeconds must be less than stepSeconds',
    })
    .optional(),
});

export type DeadlinesFile = z.infer<typeof deadlinesFileSchema>;

const DEFAULT_ESCALATION: EscalationSettings = {
  interval: 'P1D',
  maxLevels: 5,
  workingDaysOnly: true,
};

/** Builds the settings from a parsed deadlines file; `{}` gives the defaults. */
export function buildDeadlineSettings(file: DeadlinesFile = {}): DeadlineSettings {
  const calendarOptions = file.calendar ?? {};
  const calendar = new WorkingCalendar({
    ...calendarOptions,
    ...(calendarOptions.holidayYears
      ? { holidayYears: toHolidayYears(calendarOptions.holidayYears) }
      : {}),
  });
  const urgency = Object.fromEntries(
    Object.entries(file.urgency ?? {}).map(([level, value]) => [Number(level), value]),
  );
  const policy = new DeadlinePolicy(calendar, {
    ...(file.stepWorkingDays ? { stepWorkingDays: file.stepWorkingDays } : {}),
    ...(file.documentTypeWorkingDays
      ? { documentTypeWorkingDays: file.documentTypeWorkingDays }
      : {}),
    urgency,
    ...(file.leaderDeadline ? { leaderDeadline: file.leaderDeadline } : {}),
    ...(file.reminder ? { reminder: file.reminder } : {}),
  });
  const escalation = { ...DEFAULT_ESCALATION, ...file.escalation };
  if (file.fixedStep && file.escalation?.workingDaysOnly === undefined) {
    escalation.workingDaysOnly = false;
  }
  return { calendar, policy, escalation, ...(file.fixedStep ? { fixedStep: file.fixedStep } : {}) };
}

/**
 * Reads and validates the JSON deadlines file at `path`. Raises one ValidationError that lists
 * every invalid key with its path in the file, so that start-up stops with all of them at once.
 */
export function loadDeadlineSettings(path: string): DeadlineSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(
      `deadlines file ${path} could not be read as JSON: ${(error as Error).message}`,
      { field: 'DOCROUTE_DEADLINES_FILE', value: path },
    );
  }
  const result = deadlinesFileSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ValidationError(`deadlines file ${path} is invalid: ${problems.join('; ')}`, {
      field: 'DOCROUTE_DEADLINES_FILE',
      value: path,
    });
  }
  try {
    return buildDeadlineSettings(result.data);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(`deadlines file ${path} is invalid: ${error.message}`, {
      field: 'DOCROUTE_DEADLINES_FILE',
      value: path,
    });
  }
}

function toHolidayYears(years: Record<string, HolidayYear>): Readonly<Record<number, HolidayYear>> {
  return Object.fromEntries(Object.entries(years).map(([year, table]) => [Number(year), table]));
}
