import type { WorkingCalendar } from '../calendar/index.js';
import { ValidationError } from '../errors/index.js';
import {
  describeLateness,
  escapeHtml,
  formatVietnamDateTime,
  type MailLocale,
} from './lateness.js';

/** Facts about one task that a notification names. */
export interface TaskMailFacts {
  taskId: string;
  /** Number and notation of the document (số, ký hiệu), such as `125/QĐ-UBND`. */
  documentNumber: string;
  /** Subject line of the document (trích yếu). */
  documentSubject: string;
  /** Display name of the person holding the task. */
  holderName: string;
  dueAt: Date;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailTemplatesOptions {
  /**
   * Public URL of docroute, such as `https://docroute.example.gov.vn`; task links are
   * `<base>/tasklist/#/tasks/<key>`.
   */
  baseUrl: string;
  /** Calendar that measures lateness in office time. */
  calendar: WorkingCalendar;
  /** Language when a call names none. Default `vi`. */
  defaultLocale?: MailLocale;
  /**
   * Whether lateness is wall-clock time since the due instant rather than office time, for
   * demonstrations whose steps last seconds. Default false.
   */
  elapsedLateness?: boolean;
}

interface Line {
  label: string;
  value: string;
  href?: string;
}

const LABELS = {
  vi: {
    document: 'Văn bản',
    subject: 'Trích yếu',
    holder: 'Người xử lý',
    due: 'Hạn xử lý',
    late: 'Tình trạng',
    link: 'Mở công việc',
  },
  en: {
    document: 'Document',
    subject: 'Subject',
    holder: 'Holder',
    due: 'Due',
    late: 'Status',
    link: 'Open the task',
  },
};

/** Renders reminder, escalation and overdue summary e-mails in Vietnamese or English. */
export class MailTemplates {
  private readonly baseUrl: string;
  private readonly calendar: WorkingCalendar;
  private readonly defaultLocale: MailLocale;
  private readonly elapsedLateness: boolean;

  constructor(options: MailTemplatesOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    this.calendar = options.calendar;
    this.defaultLocale = options.defaultLocale ?? 'vi';
    this.elapsedLateness = options.elapsedLateness ?? false;
  }

  /** Builds the link to the task in the task list. */
  taskLink(taskId: string): string {
    return `${this.baseUrl}/tasklist/#/tasks/${encodeURIComponent(taskId)}`;
  }

  /** Renders a reminder that a task is due soon. */
  reminder(task: TaskMailFacts, locale = this.defaultLocale): RenderedMail {
    const subject =
      locale === 'vi'
        ? `Nhắc việc: ${task.documentNumber} – ${task.documentSubject}`
        : `Reminder: ${task.documentNumber} – ${task.documentSubject}`;
    const intro =
      locale === 'vi'
        ? `Kính gửi ${task.holderName}, văn bản dưới đây sắp đến hạn xử lý.`
        : `Dear ${task.holderName}, the document below is due soon.`;
    return renderMail(subject, intro, [this.taskLines(task, locale)]);
  }

  /** Renders escalation `level` (1 or more) for an overdue task, measured at `now`. */
  escalation(
    level: number,
    task: TaskMailFacts,
    now: Date,
    locale = this.defaultLocale,
  ): RenderedMail {
    if (!Number.isInteger(level) || level < 1) {
      throw new ValidationError('level must be a whole number, 1 or more', {
        field: 'level',
        value: level,
      });
    }
    const lateness = this.lateness(task, now, locale);
    const subject =
      locale === 'vi'
        ? `[Cảnh báo cấp ${level}] ${task.documentNumber} ${lateness}`
        : `[Escalation level ${level}] ${task.documentNumber} ${lateness}`;
    const intro =
      locale === 'vi'
        ? `Văn bản do ${task.holderName} xử lý đã ${lateness}.`
        : `The document held by ${task.holderName} is ${lateness}.`;
    return renderMail(subject, intro, [this.taskLines(task, locale, lateness)]);
  }

  /** Renders one e-mail listing every overdue task in `tasks`, measured at `now`. */
  overdueSummary(
    recipientName: string,
    tasks: TaskMailFacts[],
    now: Date,
    locale = this.defaultLocale,
  ): RenderedMail {
    const subject =
      locale === 'vi'
        ? `Tổng hợp văn bản quá hạn: ${tasks.length} văn bản`
        : `Overdue summary: ${tasks.length} document${tasks.length === 1 ? '' : 's'}`;
    const intro =
      locale === 'vi'
        ? `Kính gửi ${recipientName}, các văn bản sau đã quá hạn xử lý.`
        : `Dear ${recipientName}, the following documents are overdue.`;
    const blocks = tasks.map((task) =>
      this.taskLines(task, locale, this.lateness(task, now, locale)),
    );
    return renderMail(subject, intro, blocks);
  }

  private lateness(task: TaskMailFacts, now: Date, locale: MailLocale): string {
    const lateMs = this.elapsedLateness
      ? now.getTime() - task.dueAt.getTime()
      : this.calendar.workingTimeBetween(task.dueAt, now);
    return describeLateness(lateMs, this.calendar.workingDayMs, locale, this.elapsedLateness);
  }

  private taskLines(task: TaskMailFacts, locale: MailLocale, lateness?: string): Line[] {
    const labels = LABELS[locale];
    const lines: Line[] = [
      { label: labels.document, value: task.documentNumber },
      { label: labels.subject, value: task.documentSubject },
      { label: labels.holder, value: task.holderName },
      { label: labels.due, value: formatVietnamDateTime(task.dueAt) },
    ];
    if (lateness) lines.push({ label: labels.late, value: lateness });
    const link = this.taskLink(task.taskId);
    lines.push({ label: labels.link, value: link, href: link });
    return lines;
  }
}

function renderMail(subject: string, intro: string, blocks: Line[][]): RenderedMail {
  const text = [
    intro,
    ...blocks.map((lines) => lines.map((l) => `${l.label}: ${l.value}`).join('\n')),
  ].join('\n\n');
  const htmlBlocks = blocks.map((lines) => `<table>${lines.map(renderHtmlLine).join('')}</table>`);
  const html = `<!doctype html><html><body><p>${escapeHtml(intro)}</p>${htmlBlocks.join('<hr>')}</body></html>`;
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: `${text}\n`, html };
}

function renderHtmlLine(line: Line): string {
  const value = line.href
    ? `<a href="${escapeHtml(line.href)}">${escapeHtml(line.value)}</a>`
    : escapeHtml(line.value);
  return `<tr><th align="left">${escapeHtml(line.label)}</th><td>${value}</td></tr>`;
}

function checkBaseUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError('baseUrl must be an http:// or https:// URL of the task list', {
      field: 'baseUrl',
      value: text,
    });
  }
  return text.replace(/\/+$/, '');
}
