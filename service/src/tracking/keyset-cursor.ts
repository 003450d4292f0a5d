import { ValidationError } from '../errors/index.js';

/** Position after the last item of a page ordered by due instant, then task key. */
export interface DueCursor {
  dueAt: Date;
  taskKey: string;
}

/** Encodes a cursor as opaque base64url text. */
export function encodeDueCursor(cursor: DueCursor): string {
  const text = JSON.stringify({ d: cursor.dueAt.toISOString(), k: cursor.taskKey });
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Decodes a cursor from `encodeDueCursor`, raising 400 for anything else. */
export function decodeDueCursor(value: string): DueCursor {
  const invalid = () =>
    new ValidationError('cursor is invalid; pass the nextCursor of the previous page unchanged', {
      field: 'cursor',
      value,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { d, k } = (parsed ?? {}) as { d?: unknown; k?: unknown };
  if (typeof d !== 'string' || typeof k !== 'string' || !/^\d{1,20}$/.test(k)) throw invalid();
  const dueAt = new Date(d);
  if (Number.isNaN(dueAt.getTime())) throw invalid();
  return { dueAt, taskKey: k };
}
