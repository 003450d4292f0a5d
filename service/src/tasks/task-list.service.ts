import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { principalsOfUser, type GroupMember } from '../org/index.js';
import { TaskEntity } from './task.entities.js';
import type { TaskQuery } from './task-query.js';
import { decodeCursor, encodeCursor, sqlInstant } from './task-ranks.js';
import {
  loadSummaries,
  summariseRows,
  withSummaryColumns,
  type TaskSummary,
} from './task-summary.js';

export interface TaskPage {
  items: TaskSummary[];
  nextCursor: string | null;
}

/** The caller of a task request: id, unit, agency, roles and secrecy clearance. */
export type TaskUser = GroupMember & { id: string; clearance: string };

interface InboxHit {
  taskKey: string;
  rank: string;
}

/** Columns that the filters read, by the alias of the table they run on. */
interface FilterColumns {
  urgency: string;
  secrecy: string;
  dueAt: string;
  route: string;
  type: string;
  subject: string;
}

const TASK_COLUMNS: FilterColumns = {
  urgency: 'task.urgency',
  secrecy: 'task.secrecy',
  dueAt: 'task.dueAt',
  route: 'task.bpmnProcessId',
  type: 'task.typeCode',
  subject: 'task.subjectFolded',
};

/**
 * Pages of a user's tasks. Open tasks come from `task_inbox`: one index range
 * `(principal, rank) > cursor` per principal of the user, each with LIMIT page + 1, merged in
 * memory. Completed tasks are those the user completed, newest first.
 */
export class TaskListService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Returns the principals whose inbox rows `scope` covers. */
  principals(user: TaskUser, scope: TaskQuery['scope']): string[] {
    const all = principalsOfUser(user);
    if (scope === 'mine') return all.filter((principal) => principal.startsWith('user:'));
    if (scope === 'groups') return all.filter((principal) => principal.startsWith('group:'));
    return all;
  }

  async list(user: TaskUser, query: TaskQuery): Promise<TaskPage> {
    return query.state === 'completed' ? this.completed(user, query) : this.open(user, query);
  }

  private async open(user: TaskUser, query: TaskQuery): Promise<TaskPage> {
    const after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
    const afterRank = after && 'rank' in after ? after.rank : undefined;
    const now = this.now();
    const ranges = await this.ranges(this.principals(user, query.scope), query, afterRank, now);
    const { page, more } = mergeRanges(ranges, query.limit);
    const last = page[page.length - 1];
    const keys = page.map((hit) => hit.taskKey);
    return {
      items: await loadSummaries(this.dataSource, keys, now, user.clearance),
      nextCursor: more && last ? encodeCursor({ sort: query.sort, rank: last.rank }) : null,
    };
  }

  /**
   * Reads the first `limit + 1` inbox rows after the cursor of each principal, in one statement
   * of one ordered and limited index range per principal joined with UNION ALL.
   */
  private async ranges(
    principals: string[],
    query: TaskQuery,
    afterRank: string | undefined,
    now: Date,
  ): Promise<InboxHit[][]> {
    if (principals.length === 0) return [];
    const rank = query.sort === 'due' ? 'due_rank' : 'priority_rank';
    const filter = inboxFilter(query, now);
    const parts: string[] = [];
    const parameters: unknown[] = [];
    principals.forEach((principal, index) => {
      const cursor = afterRank === undefined ? '' : ` AND ${rank} > ?`;
      parts.push(
        `SELECT task_key, rank_key, ${index} AS part FROM (SELECT task_key, ${rank} AS rank_key ` +
          `FROM task_inbox WHERE principal = ?${cursor}${filter.sql} ` +
          `ORDER BY ${rank} LIMIT ${query.limit + 1}) range_${index}`,
      );
      parameters.push(principal, ...(afterRank === undefined ? [] : [afterRank]), ...filter.values);
    });
    const rows: Array<{ task_key: string; rank_key: string; part: number | string }> =
      await this.dataSource.query(parts.join(' UNION ALL '), parameters);
    const ranges: InboxHit[][] = principals.map(() => []);
    for (const row of rows) {
      ranges[Number(row.part)]!.push({ taskKey: String(row.task_key), rank: String(row.rank_key) });
    }
    for (const range of ranges) range.sort((a, b) => (a.rank < b.rank ? -1 : 1));
    return ranges;
  }

  private async completed(user: TaskUser, query: TaskQuery): Promise<TaskPage> {
    const after = query.cursor ? decodeCursor(query.cursor, 'completed') : undefined;
    const now = this.now();
    const builder = this.dataSource
      .getRepository(TaskEntity)
      .createQueryBuilder('task')
      .where('task.completedBy = :userId', { userId: user.id })
      .andWhere("task.state = 'completed'");
    if (after && 'endedAt' in after) {
      const endedAt = sqlInstant(new Date(after.endedAt));
      builder.andWhere(
        '(task.endedAt < :endedAt OR (task.endedAt = :endedAt AND task.taskKey < :taskKey))',
        { endedAt, taskKey: after.taskKey },
      );
    }
    applyFilters(builder, { ...query, overdue: false }, TASK_COLUMNS, now);
    withSummaryColumns(builder)
      .orderBy('task.endedAt', 'DESC')
      .addOrderBy('task.taskKey', 'DESC')
      .limit(query.limit + 1);
    const rows = await summariseRows(builder, now, user.clearance);
    const page = rows.slice(0, query.limit).map((row) => row.task);
    const last = page[page.length - 1];
    return {
      items: rows.slice(0, query.limit).map((row) => row.summary),
      nextCursor:
        rows.length > query.limit && last?.endedAt
          ? encodeCursor({
              sort: 'completed',
              endedAt: last.endedAt.toISOString(),
              taskKey: last.taskKey,
            })
          : null,
    };
  }
}

/**
 * Merges per-principal ranges into one page. Rows past the first truncated range's last rank may
 * be missing from the other ranges, so only rows up to that rank are used.
 */
function mergeRanges(ranges: InboxHit[][], limit: number): { page: InboxHit[]; more: boolean } {
  let bound: string | undefined;
  for (const hits of ranges) {
    const last = hits[hits.length - 1];
    if (hits.length > limit && last && (bound === undefined || last.rank < bound))
      bound = last.rank;
  }
  const unique = new Map<string, InboxHit>();
  for (const hit of ranges.flat()) {
    if (bound === undefined || hit.rank <= bound) unique.set(hit.taskKey, hit);
  }
  const sorted = [...unique.values()].sort((a, b) => (a.rank < b.rank ? -1 : 1));
  return { page: sorted.slice(0, limit), more: sorted.length > limit || bound !== undefined };
}

/** Builds the filter conditions on `task_inbox` columns as SQL with positional parameters. */
function inboxFilter(query: TaskQuery, now: Date): { sql: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, ...added: unknown[]) => {
    conditions.push(sql);
    values.push(...added);
  };
  const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');
  if (query.urgency) add(`urgency IN (${marks(query.urgency.length)})`, ...query.urgency);
  if (query.secrecy) add(`secrecy IN (${marks(query.secrecy.length)})`, ...query.secrecy);
  if (query.route) add('bpmn_process_id = ?', query.route);
  if (query.type) add('type_code = ?', query.type);
  if (query.dueBefore) add('due_at < ?', sqlInstant(query.dueBefore));
  if (query.overdue) add('due_at < ?', sqlInstant(now));
  for (const word of query.words) add("subject_folded LIKE ? ESCAPE '!'", likePattern(word));
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(''), values };
}

function likePattern(word: string): string {
  return `%${word.replace(/[!%_]/g, (match) => `!${match}`)}%`;
}

function applyFilters<T extends object>(
  builder: SelectQueryBuilder<T>,
  query: TaskQuery,
  columns: FilterColumns,
  now: Date,
): void {
  if (query.urgency)
    builder.andWhere(`${columns.urgency} IN (:...urgency)`, { urgency: query.urgency });
  if (query.secrecy)
    builder.andWhere(`${columns.secrecy} IN (:...secrecy)`, { secrecy: query.secrecy });
  if (query.route) builder.andWhere(`${columns.route} = :route`, { route: query.route });
  if (query.type) builder.andWhere(`${columns.type} = :type`, { type: query.type });
  if (query.dueBefore) {
    builder.andWhere(`${columns.dueAt} < :dueBefore`, { dueBefore: sqlInstant(query.dueBefore) });
  }
  if (query.overdue)
    builder.andWhere(`${columns.dueAt} < :overdueAt`, { overdueAt: sqlInstant(now) });
  query.words.forEach((word, index) => {
    builder.andWhere(`${columns.subject} LIKE :word${index} ESCAPE '!'`, {
      [`word${index}`]: likePattern(word),
    });
  });
}
