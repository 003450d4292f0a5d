import { toVietnamIso, type DeadlineSettings, type StepKind } from '../calendar/index.js';
import type { Job } from '../engine/index.js';
import { ValidationError } from '../errors/index.js';
import { optionalText, type DocumentJobDefinition } from './worker-context.js';

/** One due date that a route reads, and the policy step kind that sets its allowance. */
interface RouteStep {
  /** Process variable that receives the due date, such as `reviewDueDate`. */
  variable: string;
  kind: StepKind;
  /** Whether the next step starts at this step's due date; false for a step that may be skipped. */
  chained: boolean;
}

/**
 * The due dates of each shipped route, in the order the steps run. Each chained step starts at the
 * due date of the chained step before it. Consultation only runs when the drafter names
 * consulting units, so approval starts after review when there are none.
 */
export const ROUTE_STEPS: Record<string, (job: Job) => RouteStep[]> = {
  'outgoing-document': (job) => [
    { variable: 'draftDueDate', kind: 'handle', chained: true },
    { variable: 'reviewDueDate', kind: 'review', chained: true },
    { variable: 'consultDueDate', kind: 'review', chained: hasConsultUnits(job) },
    { variable: 'approvalDueDate', kind: 'approve', chained: true },
    { variable: 'signDueDate', kind: 'sign', chained: true },
    { variable: 'issueDueDate', kind: 'issue', chained: true },
  ],
  'incoming-document': () => [{ variable: 'directionDueDate', kind: 'review', chained: true }],
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Builds the `deadline.compute` job: computes every due date of the route named by the `route`
 * header from `urgency` (edXML priority 0 to 4, default 0), `documentType`, `leaderDeadline` and
 * `receivedAt` (default now), and returns them as ISO 8601 strings with +07:00. Each due date
 * `<step>DueDate` comes with `<step>ReminderAt`, the instant its holder is reminded, and the job
 * also returns `escalationInterval` and `escalationLevels`, which the routes' escalation timers
 * read.
 */
export function deadlineComputeJob(
  settings: DeadlineSettings,
  now: () => Date = () => new Date(),
): DocumentJobDefinition {
  return {
    type: 'deadline.compute',
    handler: async (job) => ({
      ...computeRouteDeadlines(settings, job, now()),
      escalationInterval: settings.escalation.interval,
      escalationLevels: settings.escalation.maxLevels,
    }),
  };
}

/**
 * Computes the due dates and reminder instants of the job's route; throws ValidationError naming
 * any invalid variable.
 */
export function computeRouteDeadlines(
  settings: DeadlineSettings,
  job: Job,
  now: Date,
): Record<string, string> {
  const steps = routeSteps(job);
  const urgency = readUrgency(job);
  const documentType = optionalText(job, 'documentType') ?? '';
  const leaderDeadline = readInstant(job, 'leaderDeadline');
  let startedAt = readInstant(job, 'receivedAt') ?? now;
  if (leaderDeadline !== undefined && leaderDeadline <= startedAt) {
    throw new ValidationError(
      `job variable leaderDeadline ${toVietnamIso(leaderDeadline)} is not later than the time ` +
        `the document was received, ${toVietnamIso(startedAt)}; set a later leaderDeadline`,
      { field: 'leaderDeadline', value: job.variables.leaderDeadline },
    );
  }
  const dueDates: Record<string, string> = {};
  for (const step of steps) {
    const request = { urgency, documentType, leaderDeadline, startedAt };
    const { due, reminder } = stepDeadline(settings, request, step);
    dueDates[step.variable] = toVietnamIso(due);
    dueDates[reminderVariable(step.variable)] = toVietnamIso(reminder);
    if (step.chained) startedAt = due;
  }
  return dueDates;
}

/** Names the reminder variable of a due-date variable: `reviewDueDate` -> `reviewReminderAt`. */
export function reminderVariable(dueDateVariable: string): string {
  return `${dueDateVariable.replace(/DueDate$/, '')}ReminderAt`;
}

interface StepRequest {
  urgency: number;
  documentType: string;
  leaderDeadline?: Date;
  startedAt: Date;
}

/**
 * Returns the due and reminder instants of `step` starting at `startedAt`, never later than the
 * leader's deadline. With fixed step timing the working calendar is not used.
 */
function stepDeadline(
  settings: DeadlineSettings,
  request: StepRequest,
  step: RouteStep,
): { due: Date; reminder: Date } {
  const { urgency, documentType, leaderDeadline, startedAt } = request;
  // A step that starts at or after the leader's deadline is due at that deadline.
  if (leaderDeadline !== undefined && leaderDeadline <= startedAt) {
    return { due: leaderDeadline, reminder: leaderDeadline };
  }
  const fixed = settings.fixedStep;
  if (fixed) {
    const stepEnd = new Date(startedAt.getTime() + fixed.stepSeconds * 1000);
    const due = leaderDeadline !== undefined && leaderDeadline < stepEnd ? leaderDeadline : stepEnd;
    const reminderMs = Math.max(startedAt.getTime(), due.getTime() - fixed.reminderSeconds * 1000);
    return { due, reminder: new Date(reminderMs) };
  }
  const deadline = settings.policy.computeDeadline({
    urgency,
    documentType,
    receivedAt: startedAt,
    step: step.kind,
    ...(leaderDeadline !== undefined ? { leaderDeadline } : {}),
  });
  return { due: new Date(deadline.dueDate), reminder: new Date(deadline.reminderAt) };
}

function routeSteps(job: Job): RouteStep[] {
  const route = optionalText(job, 'route') ?? job.bpmnProcessId;
  const steps = ROUTE_STEPS[route];
  if (!steps) {
    throw new ValidationError(
      `deadline.compute has no due dates for route '${route}'; set the task header route to one ` +
        `of ${Object.keys(ROUTE_STEPS).join(', ')}`,
      { field: 'route', value: route },
    );
  }
  return steps(job);
}

function readUrgency(job: Job): number {
  const value = job.variables.urgency;
  if (value === undefined || value === null) return 0;
  const urgency = typeof value === 'string' && /^[0-4]$/.test(value) ? Number(value) : value;
  if (typeof urgency !== 'number' || !Number.isInteger(urgency) || urgency < 0 || urgency > 4) {
    throw new ValidationError(
      `job variable urgency is ${JSON.stringify(value)}; set it to an edXML priority from 0 ` +
        '(Thường) to 4 (Hỏa tốc hẹn giờ)',
      { field: 'urgency', value },
    );
  }
  return urgency;
}

function readInstant(job: Job, name: string): Date | undefined {
  const value = job.variables[name];
  if (value === undefined || value === null || value === '') return undefined;
  const instant = typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new ValidationError(
      `job variable ${name} is ${JSON.stringify(value)}; set it to an ISO 8601 date-time with ` +
        'an offset, such as 2026-02-13T16:30:00+07:00',
      { field: name, value },
    );
  }
  return instant;
}

function hasConsultUnits(job: Job): boolean {
  const units = job.variables.consultUnitIds;
  return Array.isArray(units) && units.length > 0;
}
