/**
 * Fills a migrated database with the generated organisation and open tasks through multi-row
 * INSERT statements, many per transaction, which is far faster than the projection's one
 * transaction per task.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../../service/src/db/write-transaction.js';
import type { BenchOrganisation } from './organisation.js';
import {
  DOCUMENT_COLUMNS,
  INBOX_COLUMNS,
  TASK_COLUMNS,
  documentRow,
  inboxRows,
  sqlInstant,
  taskRow,
  type Row,
} from './rows.js';
import type { TaskSpecGenerator } from './task-specs.js';

/** Rows per INSERT statement: 500 task rows bind 13,000 values, under SQLite's 32,766. */
const ROWS_PER_STATEMENT = 500;
/** Tasks per transaction. */
const TASKS_PER_TRANSACTION = 10_000;

export interface LoadFigures {
  tasks: number;
  inboxRows: number;
  documents: number;
  seconds: number;
}

/** Inserts `rows` with one multi-row INSERT per ROWS_PER_STATEMENT rows. */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: Row[],
): Promise<void> {
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const values = chunk.flatMap((row) => columns.map((column) => row[column] ?? null));
    await manager.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}`,
      values,
    );
  }
}

/** Inserts the agencies, units and users, without passwords: the benchmark does not log in. */
export async function loadOrganisation(
  dataSource: DataSource,
  organisation: BenchOrganisation,
  now: Date,
): Promise<void> {
  const at = sqlInstant(now);
  await runWriteTransaction(dataSource, async (manager) => {
    const agencies = organisation.agencies.map((agency) => ({
      organ_id: agency.organId,
      name: agency.name,
      abbreviation: agency.organId.slice(-3),
      parent_organ_id: null,
      created_at: at,
    }));
    await insertRows(manager, 'organisations', Object.keys(agencies[0]!), agencies);
    const units = organisation.agencies.flatMap((agency) =>
      agency.units.map((unit) => ({
        id: unit.id,
        organ_id: unit.organId,
        parent_unit_id: null,
        code: unit.code,
        name: unit.name,
        active: 1,
        created_at: at,
      })),
    );
    await insertRows(manager, 'org_units', Object.keys(units[0]!), units);
    const users = organisation.users.map((user) => ({
      id: user.id,
      username: user.username,
      full_name: user.fullName,
      email: `${user.username}@bench.invalid`,
      organ_id: user.organId,
      unit_id: user.unitId,
      position: user.roles.includes('specialist') ? 'chuyen_vien' : 'truong_phong',
      roles: user.roles.join(','),
      clearance: user.clearance,
      active: 1,
      overseer_user_id: null,
      password_hash: null,
      created_at: at,
      updated_at: at,
    }));
    await insertRows(manager, 'org_users', Object.keys(users[0]!), users);
  });
}

/**
 * Inserts the tasks with indexes `from` to `to - 1`, their inbox rows and documents, reporting
 * progress on standard error every 100,000 tasks.
 */
export async function loadTasks(
  dataSource: DataSource,
  generator: TaskSpecGenerator,
  organisation: BenchOrganisation,
  range: { from: number; to: number },
): Promise<LoadFigures> {
  const unitOfUser = new Map(organisation.users.map((user) => [user.id, user.unitId]));
  const organNames = new Map(organisation.agencies.map((agency) => [agency.organId, agency.name]));
  const figures: LoadFigures = { tasks: 0, inboxRows: 0, documents: 0, seconds: 0 };
  const started = performance.now();
  for (let start = range.from; start < range.to; start += TASKS_PER_TRANSACTION) {
    const end = Math.min(range.to, start + TASKS_PER_TRANSACTION);
    const tasks: Row[] = [];
    const inbox: Row[] = [];
    const documents: Row[] = [];
    for (let index = start; index < end; index += 1) {
      const spec = generator.next(index);
      tasks.push(taskRow(spec, unitOfUser));
      inbox.push(...inboxRows(spec));
      const document = documentRow(spec, organNames.get(spec.organId) ?? '');
      if (document) documents.push(document);
    }
    await runWriteTransaction(dataSource, async (manager) => {
      await insertRows(manager, 'documents', DOCUMENT_COLUMNS, documents);
      await insertRows(manager, 'tasks', TASK_COLUMNS, tasks);
      await insertRows(manager, 'task_inbox', INBOX_COLUMNS, inbox);
    });
    figures.tasks += tasks.length;
    figures.inboxRows += inbox.length;
    figures.documents += documents.length;
    if (Math.floor(end / 100_000) > Math.floor(start / 100_000)) {
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `  loaded ${end.toLocaleString('en-US')} tasks in ${seconds.toFixed(0)} s\n`,
      );
    }
  }
  figures.seconds = (performance.now() - started) / 1000;
  return figures;
}
