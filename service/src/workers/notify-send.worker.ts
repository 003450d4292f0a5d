import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Job, UserTask } from '../engine/index.js';
import { ValidationError } from '../errors/index.js';
import type {
  MailLocale,
  MailService,
  MailTemplates,
  RenderedMail,
  TaskMailFacts,
} from '../mail/index.js';
import {
  optionalChoice,
  optionalText,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/** The services that the `notify.send` job uses besides the document services. */
export interface NotifyServices {
  mail: MailService;
  templates: MailTemplates;
  logger: Logger;
}

/** Values of the `template` task header; `task-overdue` is escalation level 1 unless set. */
export const NOTIFY_TEMPLATES = ['reminder', 'escalation', 'task-overdue'] as const;
type NotifyTemplate = (typeof NOTIFY_TEMPLATES)[number];

interface Recipient {
  addresses: string[];
  /** Name used in the greeting: the user's or the unit's name, or the address itself. */
  name: string;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Builds the `notify.send` job. It e-mails the user or address in the `recipient` variable, or
 * the unit leaders of `unitId` when `recipient` is absent. The `template` header picks the
 * template and the `locale` header its language, Vietnamese by default. The idempotency key is
 * the `idempotencyKey` variable or header, else the job key, so a redelivered job sends no second
 * e-mail. With no known address the job completes with `notified: false` and logs a warning.
 */
export function notifySendJob(
  services: DocumentWorkerServices,
  notify: NotifyServices,
  now: () => Date = () => new Date(),
): DocumentJobDefinition {
  return {
    type: 'notify.send',
    handler: (job) => sendNotification(services, notify, job, now()),
  };
}

async function sendNotification(
  services: DocumentWorkerServices,
  notify: NotifyServices,
  job: Job,
  now: Date,
): Promise<Record<string, unknown>> {
  const template = optionalChoice(job, 'template', NOTIFY_TEMPLATES, 'reminder');
  const locale = readLocale(job);
  const recipient = await findRecipient(services.dataSource, job);
  if (!recipient) {
    notify.logger.warn(
      {
        jobKey: job.key,
        processInstanceKey: job.processInstanceKey,
        elementId: job.elementId,
        recipient: job.variables.recipient,
        unitId: job.variables.unitId,
      },
      'notification not sent: no e-mail address known for the recipient',
    );
    return { notified: false };
  }
  const task = await findUserTask(services, job);
  const facts = taskFacts(job, task, recipient);
  const rendered = renderTemplate(notify.templates, template, { job, facts, now, locale });
  const idempotencyKey = optionalText(job, 'idempotencyKey') ?? `notify.send:${job.key}`;
  const result = await notify.mail.sendOnce(idempotencyKey, {
    to: recipient.addresses,
    ...rendered,
  });
  return { notified: true, notificationMessageId: result.messageId };
}

function readLocale(job: Job): MailLocale | undefined {
  const locale = optionalText(job, 'locale');
  if (locale === undefined || locale === 'vi' || locale === 'en') return locale;
  throw new ValidationError(`notify.send locale '${locale}' is unknown; set it to vi or en`, {
    field: 'locale',
    value: locale,
  });
}

/** Resolves the `recipient` variable, or the unit leaders of `unitId` when it is absent. */
async function findRecipient(dataSource: DataSource, job: Job): Promise<Recipient | undefined> {
  const recipient = optionalText(job, 'recipient');
  if (recipient?.includes('@')) {
    if (!EMAIL_PATTERN.test(recipient)) {
      throw new ValidationError(
        `job variable recipient '${recipient}' is not a valid e-mail address; set a user id or ` +
          'an address such as ten@example.gov.vn',
        { field: 'recipient', value: recipient },
      );
    }
    return { addresses: [recipient], name: recipient };
  }
  if (recipient !== undefined) {
    const rows: { email: string; full_name: string }[] = await dataSource.query(
      'SELECT email, full_name FROM org_users WHERE id = ? AND active = 1',
      [recipient],
    );
    const user = rows[0];
    return user ? { addresses: [user.email], name: user.full_name } : undefined;
  }
  const unitId = optionalText(job, 'unitId');
  return unitId === undefined ? undefined : findUnitLeaders(dataSource, unitId);
}

async function findUnitLeaders(
  dataSource: DataSource,
  unitId: string,
): Promise<Recipient | undefined> {
  const users: { email: string; roles: string | null }[] = await dataSource.query(
    'SELECT email, roles FROM org_users WHERE unit_id = ? AND active = 1 ORDER BY username',
    [unitId],
  );
  const leaders = users.filter((user) => (user.roles ?? '').split(',').includes('unit_leader'));
  if (leaders.length === 0) return undefined;
  const units: { name: string }[] = await dataSource.query(
    'SELECT name FROM org_units WHERE id = ?',
    [unitId],
  );
  return { addresses: leaders.map((user) => user.email), name: units[0]?.name ?? unitId };
}

/**
 * Finds the open user task that the notification is about: the one named by the `taskId`
 * variable, else the only open task of the instance (of the unit's candidate group when `unitId`
 * is set).
 */
async function findUserTask(
  services: DocumentWorkerServices,
  job: Job,
): Promise<UserTask | undefined> {
  const tasks = await services.engine.listUserTasks({
    processInstanceKey: job.processInstanceKey,
    state: 'CREATED',
  });
  const taskId = optionalText(job, 'taskId');
  if (taskId !== undefined) return tasks.find((task) => task.key === taskId);
  const unitId = optionalText(job, 'unitId');
  const matching = tasks.filter(
    (task) => unitId === undefined || task.candidateGroups.includes(`unit:${unitId}`),
  );
  return matching.length === 1 ? matching[0] : undefined;
}

function taskFacts(job: Job, task: UserTask | undefined, recipient: Recipient): TaskMailFacts {
  const title = optionalText(job, 'taskTitle');
  return {
    // NOTE: without a taskId variable or a single open task, the link opens the process
    // instance key as a task id, which the task list does not find.
    taskId: optionalText(job, 'taskId') ?? task?.key ?? job.processInstanceKey,
    documentNumber: optionalText(job, 'notation') ?? title ?? task?.name ?? job.bpmnProcessId,
    documentSubject: optionalText(job, 'documentSubject') ?? title ?? task?.name ?? '',
    holderName: recipient.name,
    dueAt: readDueDate(job, task),
  };
}

function readDueDate(job: Job, task: UserTask | undefined): Date {
  const name = job.variables.dueDate !== undefined ? 'dueDate' : 'taskDueDate';
  const value = job.variables[name];
  if (value === undefined || value === null) {
    if (task?.dueDate) return task.dueDate;
    throw new ValidationError(
      'notify.send found no due date; set the dueDate or taskDueDate variable, or a due date ' +
        'on the open user task',
      { field: 'dueDate', value },
    );
  }
  const dueAt = typeof value === 'string' ? new Date(value) : undefined;
  if (!dueAt || Number.isNaN(dueAt.getTime())) {
    throw new ValidationError(
      `job variable ${name} is ${JSON.stringify(value)}; set it to an ISO 8601 date-time`,
      { field: name, value },
    );
  }
  return dueAt;
}

function renderTemplate(
  templates: MailTemplates,
  template: NotifyTemplate,
  context: { job: Job; facts: TaskMailFacts; now: Date; locale: MailLocale | undefined },
): RenderedMail {
  const { job, facts, now, locale } = context;
  if (template === 'reminder') return templates.reminder(facts, locale);
  const levelValue = job.variables.escalationLevel ?? job.customHeaders.escalationLevel ?? 1;
  const level = typeof levelValue === 'string' ? Number(levelValue) : levelValue;
  return templates.escalation(level as number, facts, now, locale);
}
