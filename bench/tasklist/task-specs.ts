/**
 * Open user tasks as the routes in processes/*.bpmn leave them waiting: which element, which
 * candidate groups or assignee, and the document fields the projection copies in. The mix of
 * elements, urgencies, secrecy levels, document types and due dates is an estimate of a busy
 * provincial department, not a measured workload.
 */
import { foldText } from '../../service/src/documents/index.js';
import type { BenchAgency, BenchOrganisation, BenchUnit, BenchUser } from './organisation.js';
import { benchId } from './organisation.js';

export interface TaskSpec {
  key: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  name: string;
  /** Null for task-tracking tasks, which have no document. */
  documentId: string | null;
  organId: string;
  assignee: string | null;
  candidateGroups: string[];
  priority: number;
  urgency: number;
  secrecy: string;
  typeCode: string;
  subject: string;
  subjectFolded: string;
  dueAt: Date | null;
  createdAt: Date;
}

interface ElementShape {
  bpmnProcessId: string;
  elementId: string;
  name: string;
  /** Share of all open tasks waiting at this element. */
  weight: number;
  /** The candidate group and assignee the model's assignmentDefinition yields. */
  assign(agency: BenchAgency, unit: BenchUnit, pick: Pick): Assignment;
}

interface Assignment {
  candidateGroups: string[];
  assignee: string | null;
  /** Members of the candidate groups, one of whom may have claimed the task. */
  members: BenchUser[];
}

type Pick = <T>(items: readonly T[]) => T;

const group = (candidateGroup: string, members: BenchUser[]): Assignment => ({
  candidateGroups: [candidateGroup],
  assignee: null,
  members,
});

const ELEMENTS: ElementShape[] = [
  {
    bpmnProcessId: 'outgoing-document',
    elementId: 'draft',
    name: 'Soạn thảo dự thảo',
    weight: 12,
    assign: (_agency, unit, pick) => ({
      candidateGroups: [`unit:${unit.id}`],
      assignee: pick(unit.specialists).id,
      members: [],
    }),
  },
  shape('outgoing-document', 'review-by-unit-leader', 'Lãnh đạo đơn vị xem xét', 12, (a, u) =>
    group(`unit-leader:${u.id}`, u.leaders),
  ),
  shape('outgoing-document', 'consult-unit', 'Đơn vị phối hợp cho ý kiến', 5, (a, u) =>
    group(`unit-leader:${u.id}`, u.leaders),
  ),
  shape('outgoing-document', 'approve-by-agency-leader', 'Lãnh đạo cơ quan phê duyệt', 5, (a) =>
    group(`agency-leader:${a.organId}`, a.agencyLeaders),
  ),
  shape('outgoing-document', 'sign', 'Ký số văn bản', 3, (a, _u, pick) => ({
    candidateGroups: [],
    assignee: pick(a.agencyLeaders).id,
    members: [],
  })),
  shape('outgoing-document', 'confirm-issue', 'Văn thư xác nhận ban hành', 4, (a) =>
    group(`clerk:${a.organId}`, a.clerks),
  ),
  shape('incoming-document', 'record-return', 'Văn thư ghi nhận trả lại văn bản', 1, (a) =>
    group(`clerk:${a.organId}`, a.clerks),
  ),
  shape('incoming-document', 'direct', 'Lãnh đạo cho ý kiến chỉ đạo', 5, (a) =>
    group(`agency-leader:${a.organId}`, a.agencyLeaders),
  ),
  shape(
    'incoming-document',
    'assign-specialist',
    'Lãnh đạo đơn vị phân công chuyên viên',
    10,
    (a, u) => group(`unit-leader:${u.id}`, u.leaders),
  ),
  shape(
    'incoming-document',
    'handle-and-report',
    'Chuyên viên xử lý và báo cáo',
    30,
    (_a, u, pick) => ({
      candidateGroups: [],
      assignee: pick(u.specialists).id,
      members: [],
    }),
  ),
  shape('incoming-document', 'close', 'Lãnh đạo kết thúc xử lý', 3, (a) =>
    group(`agency-leader:${a.organId}`, a.agencyLeaders),
  ),
  shape('task-tracking', 'report-progress', 'Báo cáo tiến độ', 10, (_a, u) =>
    group(`unit:${u.id}`, u.members),
  ),
];

function shape(
  bpmnProcessId: string,
  elementId: string,
  name: string,
  weight: number,
  assign: ElementShape['assign'],
): ElementShape {
  return { bpmnProcessId, elementId, name, weight, assign };
}

/** Value and weight pairs; weights need not add up to 100. */
type Weighted<T> = ReadonlyArray<readonly [T, number]>;

const URGENCY: Weighted<number> = [
  [0, 70],
  [1, 15],
  [2, 10],
  [3, 4],
  [4, 1],
];
const SECRECY: Weighted<string> = [
  ['none', 90],
  ['mat', 7],
  ['toi-mat', 2.5],
  ['tuyet-mat', 0.5],
];
const TYPE_CODE: Weighted<string> = [
  ['CV', 45],
  ['QD', 15],
  ['TB', 10],
  ['BC', 10],
  ['KH', 8],
  ['TTr', 7],
  ['GM', 5],
];
/** Share of unassigned group tasks that a member has claimed. */
const CLAIMED_SHARE = 0.25;
/** Share of tasks without a due date. */
const UNDATED_SHARE = 0.1;

const ACTIONS = ['Về việc', 'Báo cáo', 'Kế hoạch', 'Đề nghị', 'Hướng dẫn', 'Triển khai'];
const TOPICS = [
  'ngân sách',
  'tuyển dụng công chức',
  'đào tạo bồi dưỡng',
  'cải cách hành chính',
  'thi đua khen thưởng',
  'chuyển đổi số',
  'phòng chống thiên tai',
  'đất đai',
  'xây dựng cơ bản',
  'an toàn giao thông',
  'y tế cơ sở',
  'giáo dục phổ thông',
  'bảo hiểm xã hội',
  'môi trường',
  'thanh tra',
  'tiếp công dân',
  'quy hoạch',
  'văn hóa thể thao',
  'du lịch',
  'nông thôn mới',
];
const PLACES = ['tỉnh', 'huyện Đông Anh', 'thành phố', 'xã Hòa Bình', 'quận Ba Đình', 'thị xã'];
/** A place in about one subject in two thousand, for the selective text search. */
export const RARE_PLACE = 'Đảo Bạch Long Vĩ';
export const COMMON_TOPIC = 'ngân sách';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Priority as the models' priorityDefinition computes it from urgency. */
export function priorityOfUrgency(urgency: number): number {
  if (urgency >= 3) return 90;
  if (urgency === 2) return 75;
  if (urgency === 1) return 60;
  return 50;
}

/** Task keys below the embedded engine's first key, so generated and real tasks never collide. */
export function benchTaskKey(index: number): string {
  return String(1_000_000_000_000_000 + index);
}

/**
 * Generates tasks from a seeded generator. Call `next` with indexes 0, 1, 2... in order: the same
 * seed then gives the same tasks.
 */
export class TaskSpecGenerator {
  private readonly totalWeight = ELEMENTS.reduce((sum, element) => sum + element.weight, 0);

  constructor(
    private readonly organisation: BenchOrganisation,
    private readonly random: () => number,
    private readonly now: Date,
  ) {}

  next(index: number): TaskSpec {
    const pick: Pick = (items) => items[Math.floor(this.random() * items.length)]!;
    const agency =
      this.random() < 0.55 ? this.organisation.agencies[0]! : this.organisation.agencies[1]!;
    const unit = pick(agency.units);
    const element = this.element();
    const assignment = element.assign(agency, unit, pick);
    const claimed =
      assignment.assignee === null &&
      assignment.members.length > 0 &&
      this.random() < CLAIMED_SHARE;
    const tracking = element.bpmnProcessId === 'task-tracking';
    const urgency = tracking ? 0 : this.weighted(URGENCY);
    const createdAt = new Date(this.now.getTime() - Math.floor(this.random() * 90 * DAY_MS));
    const subject = this.subject();
    return {
      key: benchTaskKey(index),
      processInstanceKey: String(1_100_000_000_000_000 + index),
      elementInstanceKey: String(1_200_000_000_000_000 + index),
      bpmnProcessId: element.bpmnProcessId,
      elementId: element.elementId,
      name: element.name,
      documentId: tracking ? null : benchId(3, index),
      organId: agency.organId,
      assignee: claimed ? pick(assignment.members).id : assignment.assignee,
      candidateGroups: assignment.candidateGroups,
      priority: tracking ? 50 : priorityOfUrgency(urgency),
      urgency,
      secrecy: tracking ? 'none' : this.weighted(SECRECY),
      typeCode: tracking ? '' : this.weighted(TYPE_CODE),
      subject,
      subjectFolded: foldText(subject),
      dueAt: this.dueAt(createdAt),
      createdAt,
    };
  }

  private element(): ElementShape {
    let roll = this.random() * this.totalWeight;
    for (const element of ELEMENTS) {
      roll -= element.weight;
      if (roll < 0) return element;
    }
    return ELEMENTS[ELEMENTS.length - 1]!;
  }

  private weighted<T>(table: Weighted<T>): T {
    const total = table.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [value, weight] of table) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return table[table.length - 1]![0];
  }

  private subject(): string {
    const pickText = (items: string[]) => items[Math.floor(this.random() * items.length)]!;
    const place = this.random() < 0.0005 ? RARE_PLACE : pickText(PLACES);
    const number = 1 + Math.floor(this.random() * 999);
    return `${pickText(ACTIONS)} ${pickText(TOPICS)} tại ${place}, đợt ${number} năm 2026`;
  }

  /** Due dates from 30 days before `now` to 30 days after, never before the task was created. */
  private dueAt(createdAt: Date): Date | null {
    if (this.random() < UNDATED_SHARE) return null;
    const offset = Math.floor((this.random() * 60 - 30) * DAY_MS);
    const due = Math.max(createdAt.getTime() + DAY_MS, this.now.getTime() + offset);
    return new Date(due);
  }
}
