import { ValidationError } from '../errors/index.js';
import { hasTimeZone } from './task-completion.js';
import type { TaskSort } from './task-ranks.js';

/** The filters and page of GET /api/tasks, checked. */
export interface TaskQuery {
  scope: 'mine' | 'groups' | 'all';
  state: 'open' | 'completed';
  urgency?: number[];
  secrecy?: string[];
  dueBefore?: Date;
  overdue: boolean;
  route?: string;
  type?: string;
  /** Folded words that the subject must all contain. */
  words: string[];
  sort: TaskSort;
  limit: number;
  cursor?: string;
}

const SCOPES = ['mine', 'groups', 'all'] as const;
const STATES = ['open', 'completed'] as const;
const SORTS = ['priority', 'due'] as const;
const SECRECY = ['none', 'mat', 'toi-mat', 'tuyet-mat'];
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

function oneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, {
    field,
    value,
    allowed,
  });
}

function text(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max) {
    throw new ValidationError(`${field} must be a single text of at most ${max} characters`, {
      field,
      value,
    });
  }
  return value;
}

function list(field: string, value: unknown): string[] | undefined {
  const raw = text(field, value, 200);
  return raw === undefined ? undefined : raw.split(',').map((part) => part.trim());
}

function urgencies(value: unknown): number[] | undefined {
  const parts = list('urgency', value);
  if (!parts) return undefined;
  return parts.map((part) => {
    if (!/^[0-4]$/.test(part)) {
      throw new ValidationError('urgency must list edXML priorities from 0 to 4, such as 1,2', {
        field: 'urgency',
        value,
      });
    }
    return Number(part);
  });
}

function secrecies(value: unknown): string[] | undefined {
  const parts = list('secrecy', value);
  if (!parts) return undefined;
  for (const part of parts) oneOf('secrecy', part, SECRECY, 'none');
  return parts;
}

/**
 * Reads a plain date as midnight UTC. A date and time needs a zone, because its instant is unknown
 * without one.
 */
function instant(field: string, value: unknown): Date | undefined {
  const raw = text(field, value, 40);
  if (raw === undefined) return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()) || !(/^\d{4}-\d{2}-\d{2}$/.test(raw) || hasTimeZone(raw))) {
    throw new ValidationError(
      `${field} must be an ISO 8601 date, or a date and time with a zone such as ` +
        '2027-01-01T17:00:00+07:00',
      { field, value },
    );
  }
  return date;
}

function limitOf(value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_LIMIT;
  const number = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && number <= MAX_LIMIT)) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_LIMIT}`, {
      field: 'limit',
      value,
    });
  }
  return number;
}

function booleanOf(field: string, value: unknown): boolean {
  return oneOf(field, value, ['true', 'false'] as const, 'false') === 'true';
}

const PARAMETERS = [
  'scope',
  'state',
  'urgency',
  'secrecy',
  'dueBefore',
  'overdue',
  'route',
  'type',
  'text',
  'sort',
  'limit',
  'cursor',
];

/** Rejects a parameter the list does not read, such as a misspelt filter that would be ignored. */
function checkParameterNames(query: Record<string, unknown>): void {
  const unknown = Object.keys(query).find((name) => !PARAMETERS.includes(name));
  if (unknown === undefined) return;
  throw new ValidationError(
    `unknown query parameter ${unknown}. Accepted parameters are ${PARAMETERS.join(', ')}`,
    { field: unknown, value: query[unknown], allowed: PARAMETERS },
  );
}

/** Checks the query string of a task list request. */
export function parseTaskQuery(
  query: Record<string, unknown>,
  fold: (text: string) => string,
): TaskQuery {
  checkParameterNames(query);
  const words = fold(text('text', query.text, 200) ?? '')
    .split(' ')
    .filter((word) => word.length > 0)
    .slice(0, 8);
  return {
    scope: oneOf('scope', query.scope, SCOPES, 'all'),
    state: oneOf('state', query.state, STATES, 'open'),
    urgency: urgencies(query.urgency),
    secrecy: secrecies(query.secrecy),
    dueBefore: instant('dueBefore', query.dueBefore),
    overdue: booleanOf('overdue', query.overdue),
    route: text('route', query.route, 100),
    type: text('type', query.type, 8),
    words,
    sort: oneOf('sort', query.sort, SORTS, 'priority'),
    limit: limitOf(query.limit),
    cursor: text('cursor', query.cursor, 400),
  };
}
