import {
  Column,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type ValueTransformer,
} from 'typeorm';

/** Stores a string list as JSON text. */
const JSON_LIST: ValueTransformer = {
  to: (value: string[] | undefined) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (text: string | null) => (text ? (JSON.parse(text) as string[]) : []),
};

export type TaskState = 'open' | 'completed' | 'canceled';

export type TaskEventKind =
  | 'created'
  | 'claimed'
  | 'unclaimed'
  | 'delegated'
  | 'taken-back'
  | 'forwarded'
  | 'completed'
  | 'canceled'
  | 'reminded'
  | 'escalated';

/** One user task of the engine, with the fields of its document copied in for lists. */
@Entity({ name: 'tasks' })
export class TaskEntity {
  @PrimaryColumn({ name: 'task_key', type: 'varchar', length: 20 })
  taskKey!: string;

  @Column({ name: 'process_instance_key', type: 'varchar', length: 20 })
  processInstanceKey!: string;

  @Column({ name: 'element_instance_key', type: 'varchar', length: 20 })
  elementInstanceKey!: string;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 100 })
  bpmnProcessId!: string;

  @Column({ name: 'element_id', type: 'varchar', length: 100 })
  elementId!: string;

  @Column({ name: 'name', type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ name: 'document_id', type: 'varchar', length: 36, nullable: true })
  documentId!: string | null;

  @Column({ name: 'organ_id', type: 'varchar', length: 13, nullable: true })
  organId!: string | null;

  /** The unit the task belongs to: the unit of its `unit:` or `unit-leader:` group. */
  @Column({ name: 'unit_id', type: 'varchar', length: 36, nullable: true })
  unitId!: string | null;

  @Column({ name: 'state', type: 'varchar', length: 10 })
  state!: TaskState;

  @Column({ name: 'assignee', type: 'varchar', length: 36, nullable: true })
  assignee!: string | null;

  @Column({ name: 'candidate_groups', type: 'text', transformer: JSON_LIST })
  candidateGroups!: string[];

  @Column({ name: 'candidate_users', type: 'text', transformer: JSON_LIST })
  candidateUsers!: string[];

  @Column({ name: 'priority', type: 'int' })
  priority!: number;

  /** The document's urgency, 0 (normal) to 4. */
  @Column({ name: 'urgency', type: 'smallint' })
  urgency!: number;

  @Column({ name: 'secrecy', type: 'varchar', length: 16 })
  secrecy!: string;

  @Column({ name: 'type_code', type: 'varchar', length: 8 })
  typeCode!: string;

  @Column({ name: 'subject', type: 'varchar', length: 500 })
  subject!: string;

  @Column({ name: 'subject_folded', type: 'varchar', length: 500 })
  subjectFolded!: string;

  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'ended_at', type: 'datetime', precision: 3, nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'varchar', length: 36, nullable: true })
  completedBy!: string | null;

  @Column({ name: 'decision', type: 'varchar', length: 20, nullable: true })
  decision!: string | null;

  @Column({ name: 'comment', type: 'text', nullable: true })
  comment!: string | null;

  /** User who delegated the task to its current assignee; null when it is not delegated. */
  @Column({ name: 'delegated_by', type: 'varchar', length: 36, nullable: true })
  delegatedBy!: string | null;
}

/** One principal's copy of an open task, with the sort and filter columns of its inbox. */
@Entity({ name: 'task_inbox' })
export class TaskInboxEntity {
  @PrimaryColumn({ name: 'principal', type: 'varchar', length: 120 })
  principal!: string;

  @PrimaryColumn({ name: 'task_key', type: 'varchar', length: 20 })
  taskKey!: string;

  @Column({ name: 'priority_rank', type: 'varchar', length: 40 })
  priorityRank!: string;

  @Column({ name: 'due_rank', type: 'varchar', length: 40 })
  dueRank!: string;

  @Column({ name: 'priority', type: 'int' })
  priority!: number;

  @Column({ name: 'urgency', type: 'smallint' })
  urgency!: number;

  @Column({ name: 'secrecy', type: 'varchar', length: 16 })
  secrecy!: string;

  @Column({ name: 'type_code', type: 'varchar', length: 8 })
  typeCode!: string;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 100 })
  bpmnProcessId!: string;

  @Column({ name: 'subject_folded', type: 'varchar', length: 500 })
  subjectFolded!: string;

  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** Something that happened to a task: who did it, to whom, and with which comment. */
@Entity({ name: 'task_events' })
export class TaskEventEntity {
  @PrimaryGeneratedColumn('increment', { name: 'id' })
  id!: number;

  @Column({ name: 'task_key', type: 'varchar', length: 20 })
  taskKey!: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36, nullable: true })
  documentId!: string | null;

  @Column({ name: 'process_instance_key', type: 'varchar', length: 20 })
  processInstanceKey!: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: TaskEventKind;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 36, nullable: true })
  targetId!: string | null;

  @Column({ name: 'decision', type: 'varchar', length: 20, nullable: true })
  decision!: string | null;

  @Column({ name: 'comment', type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'at', type: 'datetime', precision: 3 })
  at!: Date;
}

/** A principal that held or could take a task on a document. */
@Entity({ name: 'document_participants' })
export class DocumentParticipantEntity {
  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 36 })
  documentId!: string;

  @PrimaryColumn({ name: 'principal', type: 'varchar', length: 120 })
  principal!: string;

  @Column({ name: 'first_at', type: 'datetime', precision: 3 })
  firstAt!: Date;
}

/** Entities of the task list, for createDataSource's `entities` option. */
export const taskEntities: Array<new () => object> = [
  TaskEntity,
  TaskInboxEntity,
  TaskEventEntity,
  DocumentParticipantEntity,
];
