/** Shapes of the service's JSON responses, as far as the task list reads them. */

export interface Profile {
  id: string;
  username: string;
  fullName: string;
  organId: string;
  unitId: string;
  roles: string[];
  /** `none`, `mat`, `toi_mat` or `tuyet_mat`: the highest secrecy the user may read. */
  clearance?: string;
}

export interface OrgUser {
  id: string;
  username: string;
  fullName: string;
  unitId: string;
  position?: string;
  roles?: string[];
  active?: boolean;
}

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  active?: boolean;
}

export interface DocumentSummary {
  subject: string;
  typeCode: string;
  urgency: number;
  secrecy: string;
  codeNumber: string | number | null;
  codeNotation: string | null;
}

export interface TaskSummary {
  key: string;
  name: string | null;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  state: 'open' | 'completed' | 'canceled';
  assignee: { id: string; fullName: string } | null;
  candidateGroups: string[];
  documentId: string | null;
  document: DocumentSummary | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  priority: number;
}

export interface TaskPage {
  items: TaskSummary[];
  nextCursor: string | null;
}

export interface TaskFile {
  fileId: string;
  version: number;
  name: string;
  contentUrl: string;
}

export interface TaskComment {
  taskKey: string;
  taskName: string | null;
  authorId: string | null;
  authorName: string | null;
  decision: string | null;
  comment: string | null;
  at: string;
}

export interface FormField {
  name: string;
  type: string;
  required: boolean;
  label: { vi: string; en: string };
  options?: (string | { value: string; label?: { vi: string; en: string } | string })[];
}

export type TaskAction = 'claim' | 'unclaim' | 'complete' | 'delegate' | 'takeBack' | 'forward';

export interface TaskDetail extends Omit<TaskSummary, 'document'> {
  document: (DocumentSummary & Record<string, unknown>) | null;
  /** True when the document is above the caller's secrecy clearance and left out. */
  documentWithheld?: boolean;
  files: TaskFile[];
  comments: TaskComment[];
  form: { decisions: string[]; commentRequiredFor?: string[]; fields: FormField[] };
  actions: TaskAction[];
}

export interface PathPerson {
  id: string;
  fullName: string | null;
}

export interface PathEvent {
  kind: string;
  actor: PathPerson | null;
  target: PathPerson | null;
  comment: string | null;
  at: string;
}

interface StepTiming {
  arrivedAt: string;
  leftAt: string | null;
  spentMs: number;
}

export interface UserTaskStep extends StepTiming {
  kind: 'user-task';
  taskKey: string;
  elementId: string;
  name: string | null;
  state: string;
  holder: PathPerson | null;
  candidateGroups: string[];
  dueAt: string | null;
  late: boolean;
  decision: string | null;
  comment: string | null;
  events: PathEvent[];
}

export interface AutomaticStep extends StepTiming {
  kind: 'automatic';
  elementId: string;
  elementType: string;
  state: string;
}

export interface DocumentPath {
  documentId: string;
  instances: {
    processInstanceKey: string;
    bpmnProcessId: string;
    steps: (UserTaskStep | AutomaticStep)[];
  }[];
}

export interface OpenCounts {
  open: number;
  onTime: number;
  overdue: number;
}

export interface UnitCounts extends OpenCounts {
  unitId: string;
  code: string;
  name: string;
  parentUnitId: string | null;
}

export interface AgencyDashboard {
  organId: string;
  units: UnitCounts[];
  withoutUnit: OpenCounts;
}

export interface UnitDashboard {
  unit: UnitCounts;
  people: (OpenCounts & { userId: string; fullName: string | null })[];
  unassigned: OpenCounts;
}
