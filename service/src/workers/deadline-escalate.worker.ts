import type { DeadlineSettings } from '../calendar/index.js';
import type { Job, UserTask } from '../engine/index.js';
import { NotFoundError, ValidationError } from '../errors/index.js';
import type { RenderedMail, TaskMailFacts } from '../mail/index.js';
import { DeadlineNotices } from './deadline-notices.js';
import { EscalationRecipients, type NoticeRecipients } from './escalation-recipients.js';
import type { NotifyServices } from './notify-send.worker.js';
import {
  optionalChoice,
  optionalText,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/** Values of the `notice` task header of `deadline.escalate`. */
export const DEADLINE_NOTICES = ['reminder', 'escalation'] as const;
type NoticeKind = (typeof DEADLINE_NOTICES)[number];

/** The document services that `deadline.escalate` reads. */
export type EscalateServices = Pick<DocumentWorkerServices, 'dataSource' | 'engine' | 'documents'>;

interface EscalateContext {
  services: EscalateServices;
  notify: NotifyServices;
  settings: DeadlineSettings;
  notices: DeadlineNotices;
  recipients: EscalationRecipients;
  now: Date;
}

/**
 * Builds the `deadline.escalate` job, which a route's boundary timers on an approval task start.
 * The `taskElementId` header names the user task and the `notice` header selects what to send:
 * `reminder` to the task's holder, or `escalation` to the next leader up each time the timer
 * fires. Each send is keyed by process instance, task element instance and level, so a retried
 * or redelivered job, or a restart, sends no e-mail twice.
 */
export function deadlineEscalateJob(
  services: EscalateServices,
  notify: NotifyServices,
  settings: DeadlineSettings,
  now: () => Date = () => new Date(),
): DocumentJobDefinition {
  const notices = new DeadlineNotices(services.dataSource, now);
  const recipients = new EscalationRecipients(services.dataSource);
  return {
    type: 'deadline.escalate',
    handler: async (job) => {
      const context = { services, notify, settings, notices, recipients, now: now() };
      await sendNotices(context, job);
      return {};
    },
  };
}

/** Sends the job's notice for every open instance of the task; returns how many were sent. */
async function sendNotices(context: EscalateContext, job: Job): Promise<number> {
  const notice = optionalChoice(job, 'notice', DEADLINE_NOTICES, 'escalation');
  const elementId = optionalText(job, 'taskElementId');
  if (elementId === undefined) {
    throw new ValidationError(
      'deadline.escalate task header taskElementId is missing; set it to the id of the user ' +
        'task that the timer is attached to',
      {
        field: 'taskElementId',
        value: elementId,
      },
    );
  }
  const { escalation, calendar } = context.settings;
  if (
    notice === 'escalation' &&
    escalation.workingDaysOnly &&
    !calendar.isWorkingDay(context.now)
  ) {
    context.notify.logger.info(
      { jobKey: job.key, processInstanceKey: job.processInstanceKey, elementId },
      'escalation deferred: today is not a working day',
    );
    return 0;
  }
  const tasks = await context.services.engine.listUserTasks({
    processInstanceKey: job.processInstanceKey,
    elementId,
    state: 'CREATED',
  });
  let sent = 0;
  for (const task of tasks) {
    if (await sendTaskNotice(context, job, task, notice)) sent += 1;
  }
  return sent;
}

async function sendTaskNotice(
  context: EscalateContext,
  job: Job,
  task: UserTask,
  notice: NoticeKind,
): Promise<boolean> {
  const level = await context.notices.claimLevel(job.key, task, notice === 'reminder');
  const logFields = {
    jobKey: job.key,
    taskKey: task.key,
    processInstanceKey: task.processInstanceKey,
    level,
  };
  if (level > context.settings.escalation.maxLevels) return false;
  const recipients = await context.recipients.recipientsOf(task, level);
  const addresses = recipients.users.map((user) => user.email).filter((email) => email !== '');
  if (addresses.length === 0) {
    context.notify.logger.info(logFields, 'deadline notice not sent: no recipient at this level');
    return false;
  }
  const facts = await taskFacts(context, job, task, recipients);
  const rendered = render(context, facts, level);
  const key = `deadline.escalate:${task.processInstanceKey}:${task.elementInstanceKey}:${level}`;
  const result = await context.notify.mail.sendOnce(key, { to: addresses, ...rendered });
  if (result.status === 'already-sent') return true;
  // NOTE: a crash between the send and this insert leaves the e-mail without its task event,
  // because a later attempt finds the send already recorded and skips both.
  const documentId = optionalText(job, 'documentId');
  const recipientIds = recipients.users.map((user) => user.id);
  await context.notices.recordSent({ ...task, documentId }, level, recipientIds);
  if (level > 0) {
    context.notify.logger.warn({ ...logFields, recipients: addresses }, 'escalation sent');
  }
  return true;
}

function render(context: EscalateContext, facts: TaskMailFacts, level: number): RenderedMail {
  const { templates } = context.notify;
  return level === 0 ? templates.reminder(facts) : templates.escalation(level, facts, context.now);
}

async function taskFacts(
  context: EscalateContext,
  job: Job,
  task: UserTask,
  recipients: NoticeRecipients,
): Promise<TaskMailFacts> {
  const document = await findDocument(context, job);
  const number = [document?.codeNumber, document?.codeNotation].filter(Boolean).join('/');
  return {
    taskId: task.key,
    documentNumber: number || task.name || task.elementId,
    documentSubject:
      document?.subject ?? optionalText(job, 'subject') ?? optionalText(job, 'taskTitle') ?? '',
    holderName: recipients.holderName || task.candidateGroups.join(', '),
    dueAt: readDueDate(job, task),
  };
}

/** Loads the route's document for its number and subject; undefined when there is none. */
async function findDocument(context: EscalateContext, job: Job) {
  const documentId = optionalText(job, 'documentId');
  if (documentId === undefined) return undefined;
  try {
    return (await context.services.documents.get(documentId)).document;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    context.notify.logger.warn(
      { jobKey: job.key, processInstanceKey: job.processInstanceKey, documentId },
      'deadline notice names no document: documentId not found',
    );
    return undefined;
  }
}

function readDueDate(job: Job, task: UserTask): Date {
  if (task.dueDate) return task.dueDate;
  const variable = optionalText(job, 'dueDateVariable');
  const value = variable === undefined ? undefined : job.variables[variable];
  const dueAt = typeof value === 'string' ? new Date(value) : undefined;
  if (!dueAt || Number.isNaN(dueAt.getTime())) {
    throw new ValidationError(
      `deadline.escalate found no due date on user task ${task.key}; set a taskSchedule ` +
        'dueDate on the task or the dueDateVariable header',
      { field: 'dueDateVariable', value: variable },
    );
  }
  return dueAt;
}
