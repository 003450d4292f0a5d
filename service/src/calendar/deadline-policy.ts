import { ValidationError } from '../errors/index.js';
import { toVietnamIso } from './local-time.js';
import type { WorkingCalendar } from './working-calendar.js';

export const STEP_KINDS = ['review', 'approve', 'sign', 'issue', 'handle'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Time allowed for a step, either in whole working days or in office hours. */
export type StepAllowance = { workingDays: number } | { workingHours: number };

/** When the holder is reminded: after a fraction of the allowed office time, or a lead before due. */
export type ReminderRule = { elapsedFraction: number } | { leadWorkingHours: number };

export interface DeadlinePolicyOptions {
  /** Working days per step kind; unset kinds keep `DEFAULT_STEP_DAYS` below. */
  stepWorkingDays?: Partial<Record<StepKind, number>>;
  /** Working days per step kind for one document type (its code, such as `CV`), over the above. */
  documentTypeWorkingDays?: Record<string, Partial<Record<StepKind, number>>>;
  /**
   * Allowance per edXML priority (1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ), used when
   * it ends earlier than the step's. Default Khẩn 1 working day, Thượng khẩn 4 working hours,
   * Hỏa tốc and Hỏa tốc hẹn giờ 2 working hours.
   */
  urgency?: Partial<Record<1 | 2 | 3 | 4, StepAllowance>>;
  /** `earlier` (default): a leader's deadline wins when earlier. `always`: it always wins. */
  leaderDeadline?: 'earlier' | 'always';
  /** Reminder rule. Default: after 75% of the allowed office time. */
  reminder?: ReminderRule;
  /** Office hours after the due instant at which escalation levels 1, 2, ... fire. Default 0, 8, 16. */
  escalationAfterWorkingHours?: number[];
}

export interface DeadlineRequest {
  /** edXML priority from 0 (Thường) to 4 (Hỏa tốc hẹn giờ). */
  urgency: number;
  /** Document type code, such as `CV` or `QĐ`. */
  documentType: string;
  /** A deadline set by the leader, as an instant or an ISO 8601 string with offset. */
  leaderDeadline?: Date | string;
  /** Instant at which the document or task reached the holder. */
  receivedAt: Date | string;
  step: StepKind;
}

export interface Deadline {
  /** Due instant as ISO 8601 with +07:00, the form a BPMN `zeebe:taskSchedule` dueDate takes. */
  dueDate: string;
  /** Instant at which the holder is reminded, ISO 8601 with +07:00. */
  reminderAt: string;
  escalations: { level: number; at: string }[];
  /** Rule that set the due instant. */
  basis: 'step' | 'urgency' | 'leader';
}

// NOTE: these defaults are placeholders, not taken from a regulation. Set each agency's own
// working days per step through the stepWorkingDays option.
const DEFAULT_STEP_DAYS: Record<StepKind, number> = {
  review: 2,
  approve: 1,
  sign: 1,
  issue: 1,
  handle: 10,
};

const DEFAULT_URGENCY: Record<1 | 2 | 3 | 4, StepAllowance> = {
  1: { workingDays: 1 },
  2: { workingHours: 4 },
  3: { workingHours: 2 },
  4: { workingHours: 2 },
};

const HOUR_MS = 3_600_000;

/** Computes step deadlines, reminders and escalations from a policy and a working calendar. */
export class DeadlinePolicy {
  private readonly options: Required<DeadlinePolicyOptions>;

  constructor(
    private readonly calendar: WorkingCalendar,
    options: DeadlinePolicyOptions = {},
  ) {
    this.options = {
      stepWorkingDays: { ...DEFAULT_STEP_DAYS, ...options.stepWorkingDays },
      documentTypeWorkingDays: options.documentTypeWorkingDays ?? {},
      urgency: { ...DEFAULT_URGENCY, ...options.urgency },
      leaderDeadline: options.leaderDeadline ?? 'earlier',
      reminder: options.reminder ?? { elapsedFraction: 0.75 },
      escalationAfterWorkingHours: options.escalationAfterWorkingHours ?? [0, 8, 16],
    };
    checkPolicy(this.options);
  }

  /** Computes the due instant, reminder and escalations of one step. */
  computeDeadline(request: DeadlineRequest): Deadline {
    const receivedAt = parseInstant(request.receivedAt, 'receivedAt');
    const { due, basis } = this.chooseDue(request, receivedAt);
    const escalations = this.options.escalationAfterWorkingHours.map((hours, index) => ({
      level: index + 1,
      at: toVietnamIso(this.calendar.addWorkingHours(due, hours)),
    }));
    return {
      dueDate: toVietnamIso(due),
      reminderAt: toVietnamIso(this.reminderInstant(receivedAt, due)),
      escalations,
      basis,
    };
  }

  private chooseDue(
    request: DeadlineRequest,
    receivedAt: Date,
  ): { due: Date; basis: Deadline['basis'] } {
    let due = this.calendar.addWorkingDays(receivedAt, this.stepDays(request));
    let basis: Deadline['basis'] = 'step';
    const urgencyAllowance = this.urgencyAllowance(request.urgency);
    if (urgencyAllowance) {
      const urgentDue = this.applyAllowance(receivedAt, urgencyAllowance);
      if (urgentDue.getTime() < due.getTime()) [due, basis] = [urgentDue, 'urgency'];
    }
    if (request.leaderDeadline !== undefined) {
      const leaderDue = parseInstant(request.leaderDeadline, 'leaderDeadline');
      if (leaderDue.getTime() <= receivedAt.getTime()) {
        throw new ValidationError('leaderDeadline must be later than receivedAt', {
          field: 'leaderDeadline',
          value: request.leaderDeadline,
        });
      }
      const leaderWins = this.options.leaderDeadline === 'always' || leaderDue < due;
      if (leaderWins) [due, basis] = [leaderDue, 'leader'];
    }
    return { due, basis };
  }

  private stepDays(request: DeadlineRequest): number {
    if (!STEP_KINDS.includes(request.step)) {
      throw new ValidationError(`step must be one of ${STEP_KINDS.join(', ')}`, {
        field: 'step',
        value: request.step,
      });
    }
    const typeDays = this.options.documentTypeWorkingDays[request.documentType]?.[request.step];
    return (
      typeDays ?? this.options.stepWorkingDays[request.step] ?? DEFAULT_STEP_DAYS[request.step]
    );
  }

  private urgencyAllowance(urgency: number): StepAllowance | undefined {
    if (!Number.isInteger(urgency) || urgency < 0 || urgency > 4) {
      throw new ValidationError(
        'urgency must be an edXML priority from 0 (Thường) to 4 (Hỏa tốc hẹn giờ)',
        { field: 'urgency', value: urgency },
      );
    }
    return urgency === 0 ? undefined : this.options.urgency[urgency as 1 | 2 | 3 | 4];
  }

  private applyAllowance(from: Date, allowance: StepAllowance): Date {
    return 'workingDays' in allowance
      ? this.calendar.addWorkingDays(from, allowance.workingDays)
      : this.calendar.addWorkingHours(from, allowance.workingHours);
  }

  private reminderInstant(receivedAt: Date, due: Date): Date {
    const allowedMs = this.calendar.workingTimeBetween(receivedAt, due);
    const rule = this.options.reminder;
    const elapsedMs =
      'elapsedFraction' in rule
        ? allowedMs * rule.elapsedFraction
        : Math.max(0, allowedMs - rule.leadWorkingHours * HOUR_MS);
    return this.calendar.addWorkingHours(receivedAt, elapsedMs / HOUR_MS);
  }
}

function checkPolicy(options: Required<DeadlinePolicyOptions>): void {
  const invalid = (field: string, value: unknown, expected: string) =>
    new ValidationError(`${field} must be ${expected}`, { field, value });
  const wholeDays = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
  const hours = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0;
  const dayTables = [
    ['stepWorkingDays', options.stepWorkingDays] as const,
    ...Object.entries(options.documentTypeWorkingDays).map(
      ([type, table]) => [`documentTypeWorkingDays.${type}`, table] as const,
    ),
  ];
  for (const [name, table] of dayTables) {
    for (const [step, days] of Object.entries(table)) {
      if (!wholeDays(days))
        throw invalid(`${name}.${step}`, days, 'a whole number of days, 0 or more');
    }
  }
  for (const [priority, allowance] of Object.entries(options.urgency)) {
    const ok =
      'workingDays' in allowance ? wholeDays(allowance.workingDays) : hours(allowance.workingHours);
    if (!ok)
      throw invalid(
        `urgency.${priority}`,
        allowance,
        'whole workingDays or workingHours, 0 or more',
      );
  }
  const rule = options.reminder;
  const ruleOk =
    'elapsedFraction' in rule
      ? hours(rule.elapsedFraction) && rule.elapsedFraction <= 1
      : hours(rule.leadWorkingHours);
  if (!ruleOk)
    throw invalid(
      'reminder',
      rule,
      'an elapsedFraction from 0 to 1 or leadWorkingHours, 0 or more',
    );
  if (!options.escalationAfterWorkingHours.every(hours)) {
    throw invalid(
      'escalationAfterWorkingHours',
      options.escalationAfterWorkingHours,
      'hours, 0 or more',
    );
  }
}

function parseInstant(value: Date | string, field: string): Date {
  const hasOffset = typeof value !== 'string' || /(Z|[+-]\d{2}:\d{2})$/.test(value);
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (!hasOffset || !(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new ValidationError(
      `${field} must be an ISO 8601 instant with an offset, such as 2026-02-13T16:30:00+07:00`,
      { field, value },
    );
  }
  return instant;
}
