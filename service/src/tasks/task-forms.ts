/**
 * The completion form of each user task of the routes in processes/: the decisions the gateways
 * after it test, and the variables its output mappings, loops and later steps read.
 */

export type FormFieldType =
  'text' | 'boolean' | 'datetime' | 'user' | 'unit' | 'units' | 'file' | 'unit-deadlines';

export interface FormField {
  name: string;
  type: FormFieldType;
  required: boolean;
  label: { vi: string; en: string };
  options?: string[];
}

export interface TaskForm {
  decisions: string[];
  /** Decisions that need a comment, such as returning a draft. */
  commentRequiredFor: string[];
  fields: FormField[];
}

const REVIEW: TaskForm = {
  decisions: ['approve', 'return', 'reject'],
  commentRequiredFor: ['return', 'reject'],
  fields: [],
};

function field(
  name: string,
  type: FormFieldType,
  required: boolean,
  vi: string,
  en: string,
): FormField {
  return { name, type, required, label: { vi, en } };
}

const FORMS: Record<string, Record<string, TaskForm>> = {
  'outgoing-document': {
    draft: {
      decisions: [],
      commentRequiredFor: [],
      fields: [
        field('fileId', 'file', true, 'Tệp dự thảo (PDF)', 'Draft file (PDF)'),
        field('versionNote', 'text', false, 'Ghi chú phiên bản', 'Version note'),
      ],
    },
    'review-by-unit-leader': REVIEW,
    'consult-unit': {
      decisions: [],
      commentRequiredFor: [],
      fields: [field('opinion', 'text', true, 'Ý kiến của đơn vị', 'Opinion of the unit')],
    },
    'approve-by-agency-leader': REVIEW,
    // Returning at signing sends the draft back for revision, with a comment saying why.
    sign: { decisions: ['approve', 'return'], commentRequiredFor: ['return'], fields: [] },
    'confirm-issue': { decisions: [], commentRequiredFor: [], fields: [] },
  },
  'incoming-document': {
    'record-return': { decisions: [], commentRequiredFor: [], fields: [] },
    direct: {
      decisions: [],
      commentRequiredFor: [],
      fields: [
        field('leadUnitId', 'unit', true, 'Đơn vị chủ trì', 'Lead unit'),
        field('supportUnitIds', 'units', false, 'Đơn vị phối hợp', 'Supporting units'),
        field('handlingDueDate', 'datetime', true, 'Hạn giải quyết', 'Handling deadline'),
        field('supportDueDate', 'datetime', false, 'Hạn của đơn vị phối hợp', 'Support deadline'),
        field('unitDueDates', 'unit-deadlines', false, 'Hạn theo đơn vị', 'Deadline per unit'),
        field('replySignerId', 'user', false, 'Người ký văn bản trả lời', 'Signer of the reply'),
      ],
    },
    'assign-specialist': {
      decisions: [],
      commentRequiredFor: [],
      fields: [field('specialistId', 'user', true, 'Chuyên viên xử lý', 'Handling specialist')],
    },
    'handle-and-report': {
      decisions: [],
      commentRequiredFor: [],
      fields: [
        field('report', 'text', true, 'Báo cáo kết quả xử lý', 'Handling report'),
        field('proposeReply', 'boolean', false, 'Đề xuất văn bản trả lời', 'Propose a reply'),
      ],
    },
    close: { decisions: [], commentRequiredFor: [], fields: [] },
  },
  'task-tracking': {
    'report-progress': {
      decisions: [],
      commentRequiredFor: [],
      fields: [
        field('progressNote', 'text', true, 'Tiến độ thực hiện', 'Progress'),
        field('done', 'boolean', true, 'Đã hoàn thành', 'Finished'),
      ],
    },
  },
};

const EMPTY: TaskForm = { decisions: [], commentRequiredFor: [], fields: [] };

/** Returns the form of a task element; an element without a known form takes a comment only. */
export function formOf(bpmnProcessId: string, elementId: string): TaskForm {
  return FORMS[bpmnProcessId]?.[elementId] ?? EMPTY;
}
