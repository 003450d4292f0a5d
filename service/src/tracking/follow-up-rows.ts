import type { WorkingCalendar } from '../calendar/index.js';
import { URGENCY_LEVELS } from '../documents/index.js';
import { describeLateness } from '../mail/index.js';
import { formatVietnameseDate, vietnamDate } from '../registers/index.js';
import { measureLateness, type Lateness } from './lateness.js';
import { readDate, readDateTime } from './sql-values.js';

/** Elements of the incoming-document route whose holders handle the document in a unit. */
export const HANDLING_ELEMENTS = ['assign-specialist', 'handle-and-report'];

export type FollowUpStatus =
  | 'replied'
  | 'completed_on_time'
  | 'completed_late'
  | 'returned'
  | 'canceled'
  | 'in_progress'
  | 'overdue'
  | 'not_started';

export interface DocumentRow {
  id: string;
  register_number: number | string;
  arrival_date: unknown;
  type_name: string;
  code_number: string | null;
  code_notation: string | null;
  issued_date: unknown;
  organ_name: string;
  subject: string;
  secrecy: string;
  priority: number | string;
  due_date: unknown;
  to_places: string | null;
}

export interface RouteTaskRow {
  document_id: string;
  element_id: string;
  state: string;
  unit_id: string | null;
  assignee: string | null;
  completed_by: string | null;
  due_at: unknown;
  ended_at: unknown;
}

export interface ReplyRow {
  id: string;
  reply_to_document_id: string;
  code_number: string | null;
  code_notation: string | null;
  issued_date: unknown;
}

export interface FollowUpReceiver {
  unitId: string | null;
  unitName: string | null;
  userId: string | null;
  fullName: string | null;
}

export interface FollowUpProgress {
  status: FollowUpStatus;
  /** When the route closed or the document was returned. */
  finishedAt: Date | null;
  lateness: Lateness | null;
  text: string;
}

export interface FollowUpEntry {
  documentId: string;
  arrivalNumber: number;
  arrivalDate: string | null;
  source: {
    typeName: string;
    codeNumber: string | null;
    codeNotation: string | null;
    issuedDate: string | null;
    organName: string;
    subject: string;
  };
  receivers: FollowUpReceiver[];
  /** Handling deadline: the document's DueDate, else the latest due instant of its handling. */
  dueDate: string | null;
  progress: FollowUpProgress;
  reply: {
    documentId: string;
    codeNumber: string | null;
    codeNotation: string | null;
    issuedDate: string | null;
  } | null;
  note: string;
  /** The entry as the seven cells of the printed register. */
  cells: string[];
}

export interface RowContext {
  calendar: WorkingCalendar;
  now: Date;
  unitNames: Map<string, string>;
  userNames: Map<string, string>;
}

function numberAndNotation(codeNumber: string | null, codeNotation: string | null): string {
  if (!codeNumber && !codeNotation) return '';
  return `${codeNumber ?? ''}/${codeNotation ?? ''}`;
}

/** Lists the units and people that handled the document, in the order their tasks arrived. */
function receiversOf(tasks: RouteTaskRow[], context: RowContext): FollowUpReceiver[] {
  const receivers: FollowUpReceiver[] = [];
  for (const task of tasks.filter((row) => HANDLING_ELEMENTS.includes(row.element_id))) {
    const userId = task.element_id === 'handle-and-report' ? task.assignee : null;
    const known = receivers.find(
      (receiver) => receiver.unitId === task.unit_id && receiver.userId === userId,
    );
    if (known) continue;
    if (userId) {
      const unitOnly = receivers.findIndex(
        (receiver) => receiver.unitId === task.unit_id && receiver.userId === null,
      );
      if (unitOnly >= 0) receivers.splice(unitOnly, 1);
    }
    receivers.push({
      unitId: task.unit_id,
      unitName: task.unit_id ? (context.unitNames.get(task.unit_id) ?? null) : null,
      userId,
      fullName: userId ? (context.userNames.get(userId) ?? null) : null,
    });
  }
  return receivers;
}

function receiverText(receivers: FollowUpReceiver[], toPlaces: string | null): string {
  if (receivers.length === 0) return toPlaces ?? '';
  return receivers
    .map((receiver) =>
      [receiver.unitName ?? receiver.unitId, receiver.fullName].filter(Boolean).join(': '),
    )
    .join('; ');
}

/** Returns the deadline as an instant. A DueDate lasts until the end of that day in Vietnam. */
function dueInstant(document: DocumentRow, tasks: RouteTaskRow[]): Date | null {
  const dueDate = readDate(document.due_date);
  if (dueDate) return new Date(`${dueDate}T23:59:59.999+07:00`);
  const dues = tasks
    .filter((task) => HANDLING_ELEMENTS.includes(task.element_id) || task.element_id === 'close')
    .map((task) => readDateTime(task.due_at))
    .filter((due): due is Date => due !== null);
  return dues.length === 0 ? null : new Date(Math.max(...dues.map((due) => due.getTime())));
}

function lateText(lateness: Lateness | null, calendar: WorkingCalendar): string {
  if (!lateness || lateness.ms === 0) return '';
  if (lateness.workingMs === null) return 'quá hạn';
  return describeLateness(lateness.workingMs, calendar.workingDayMs, 'vi');
}

/** Progress of a document whose route closed it or returned it to the sender. */
function closedProgress(
  closed: RouteTaskRow,
  due: Date | null,
  calendar: WorkingCalendar,
): FollowUpProgress {
  const finishedAt = readDateTime(closed.ended_at);
  if (closed.element_id === 'record-return') {
    return { status: 'returned', finishedAt, lateness: null, text: 'Đã trả lại nơi gửi' };
  }
  if (!finishedAt) {
    return { status: 'completed_on_time', finishedAt, lateness: null, text: 'Đã giải quyết' };
  }
  const lateness = due ? measureLateness(calendar, due, finishedAt) : null;
  const late = lateness !== null && lateness.ms > 0;
  const day = formatVietnameseDate(vietnamDate(finishedAt));
  const text = `Đã giải quyết ngày ${day}, ${late ? lateText(lateness, calendar) : 'đúng hạn'}`;
  return { status: late ? 'completed_late' : 'completed_on_time', finishedAt, lateness, text };
}

/** Progress of a document still being handled, or not yet given to anyone. */
function openProgress(started: boolean, due: Date | null, context: RowContext): FollowUpProgress {
  const lateness = due ? measureLateness(context.calendar, due, context.now) : null;
  if (lateness && lateness.ms > 0) {
    const text = lateText(lateness, context.calendar);
    return {
      status: 'overdue',
      finishedAt: null,
      lateness,
      text: started ? `Đang giải quyết, ${text}` : `Chưa giao xử lý, ${text}`,
    };
  }
  return {
    status: started ? 'in_progress' : 'not_started',
    finishedAt: null,
    lateness,
    text: started ? 'Đang giải quyết' : 'Chưa giao xử lý',
  };
}

function progressOf(
  tasks: RouteTaskRow[],
  due: Date | null,
  replied: boolean,
  context: RowContext,
): FollowUpProgress {
  const ended = (elementId: string) =>
    tasks.find((task) => task.element_id === elementId && task.state === 'completed');
  const closed = ended('close') ?? ended('record-return');
  if (replied) {
    const finishedAt = closed ? readDateTime(closed.ended_at) : null;
    return { status: 'replied', finishedAt, lateness: null, text: 'Đã trả lời' };
  }
  if (closed) return closedProgress(closed, due, context.calendar);
  if (tasks.length > 0 && tasks.every((task) => task.state === 'canceled')) {
    return { status: 'canceled', finishedAt: null, lateness: null, text: 'Đã hủy luồng xử lý' };
  }
  return openProgress(tasks.length > 0, due, context);
}

/** Urgency name (left out for ordinary documents), then the secrecy level when secret. */
function noteOf(document: DocumentRow): string {
  const priority = Number(document.priority);
  const urgency = priority === 0 ? '' : (URGENCY_LEVELS[priority]?.name ?? '');
  const secrecy = { mat: 'Mật', 'toi-mat': 'Tối mật', 'tuyet-mat': 'Tuyệt mật' }[document.secrecy];
  return [urgency, secrecy].filter(Boolean).join(', ');
}

/** Lays one incoming document out as a follow-up register entry. */
export function followUpEntry(
  document: DocumentRow,
  tasks: RouteTaskRow[],
  reply: ReplyRow | undefined,
  context: RowContext,
): FollowUpEntry {
  const due = dueInstant(document, tasks);
  const dueDate = readDate(document.due_date) ?? (due ? vietnamDate(due) : null);
  const receivers = receiversOf(tasks, context);
  const progress = progressOf(tasks, due, reply !== undefined, context);
  const issuedDate = readDate(document.issued_date);
  const source = {
    typeName: document.type_name,
    codeNumber: document.code_number,
    codeNotation: document.code_notation,
    issuedDate,
    organName: document.organ_name,
    subject: document.subject,
  };
  const replyCells = reply ? numberAndNotation(reply.code_number, reply.code_notation) : '';
  const note = noteOf(document);
  return {
    documentId: document.id,
    arrivalNumber: Number(document.register_number),
    arrivalDate: readDate(document.arrival_date),
    source,
    receivers,
    dueDate,
    progress,
    reply: reply
      ? {
          documentId: reply.id,
          codeNumber: reply.code_number,
          codeNotation: reply.code_notation,
          issuedDate: readDate(reply.issued_date),
        }
      : null,
    note,
    cells: [
      String(document.register_number),
      `${document.type_name} số ${numberAndNotation(document.code_number, document.code_notation)}` +
        ` ngày ${formatVietnameseDate(issuedDate)} của ${document.organ_name}`,
      receiverText(receivers, document.to_places),
      formatVietnameseDate(dueDate),
      progress.text,
      replyCells,
      note,
    ],
  };
}
