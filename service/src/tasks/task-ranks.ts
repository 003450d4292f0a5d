import { ValidationError } from '../errors/index.js';

/** Sort order of an open-task page. */
export type TaskSort = 'priority' | 'due';

/** Stands for "no due date" in a rank, so tasks without one sort after every dated task. */
const NO_DUE = '9999999999999';

function pad(value: number | string, width: number): string {
  return String(value).padStart(width, '0');
}

function clampInt(value: number, low: number, high: number): number {
  if (!Number.isFinite(value)) return low;
  return Math.min(high, Math.max(low, Math.trunc(value)));
}

export interface RankInput {
  taskKey: string;
  priority: number;
  urgency: number;
  dueAt: Date | null;
}

function parts(input: RankInput): { priority: string; urgency: string; due: string; key: string } {
  return {
    priority: pad(100 - clampInt(input.priority, 0, 100), 3),
    urgency: String(4 - clampInt(input.urgency, 0, 4)),
    due: input.dueAt ? pad(clampInt(input.dueAt.getTime(), 0, 9_999_999_999_998), 13) : NO_DUE,
    key: pad(input.taskKey, 20),
  };
}

/**
 * Sort key for "priority desc, urgency desc, due asc, key asc" as one ascending string of fixed
 * width, so a page is a single index range.
 */
export function priorityRank(input: RankInput): string {
  const p = parts(input);
  return p.priority + p.urgency + p.due + p.key;
}

/** Sort key for "due asc (undated last), priority desc, urgency desc, key asc". */
export function dueRank(input: RankInput): string {
  const p = parts(input);
  return p.due + p.priority + p.urgency + p.key;
}

const RANK_PATTERN = /^\d{37}$/;
const KEY_PATTERN = /^\d{1,20}$/;

/** Position after the last item of the previous page. */
export type TaskCursor =
  { sort: TaskSort; rank: string } | { sort: 'completed'; endedAt: string; taskKey: string };

export function encodeCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function badCursor(value: string): ValidationError {
  return new ValidationError(
    'cursor is not one this service returned for this list; start again without a cursor',
    { field: 'cursor', value },
  );
}

/** Decodes a cursor from a previous page; it must belong to the same sort (or completed list). */
export function decodeCursor(value: string, expected: TaskSort | 'completed'): TaskCursor {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    throw badCursor(value);
  }
  if (parsed === null || typeof parsed !== 'object' || parsed.sort !== expected) {
    throw badCursor(value);
  }
  if (expected === 'completed') {
    const endedAt = parsed.endedAt;
    const taskKey = parsed.taskKey;
    if (typeof endedAt !== 'string' || Number.isNaN(Date.parse(endedAt))) throw badCursor(value);
    if (typeof taskKey !== 'string' || !KEY_PATTERN.test(taskKey)) throw badCursor(value);
    return { sort: 'completed', endedAt, taskKey };
  }
  if (typeof parsed.rank !== 'string' || !RANK_PATTERN.test(parsed.rank)) throw badCursor(value);
  return { sort: expected, rank: parsed.rank };
}

/**
 * Formats a UTC instant in the text form both databases compare with datetime(3) columns
 * (`YYYY-MM-DD HH:MM:SS.SSS`), as TypeORM stores it on SQLite.
 */
export function sqlInstant(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
