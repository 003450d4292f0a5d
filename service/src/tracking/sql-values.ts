import type { DataSource } from 'typeorm';

/**
 * Formats an instant as `YYYY-MM-DD HH:MM:SS.mmm` in UTC, the text that TypeORM stores for a
 * `datetime(3)` column on SQLite and that MariaDB compares as a DATETIME, so one parameter works
 * on both databases.
 */
export function sqlDateTime(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Reads a `datetime` value from a raw query: MariaDB returns a Date (the driver runs with time
 * zone `Z`), SQLite the UTC text that TypeORM wrote.
 */
export function readDateTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const iso = text.includes('T') ? text : `${text.replace(' ', 'T')}Z`;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Reads a `date` column from a raw query as `YYYY-MM-DD`. */
export function readDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** Reads a COUNT or SUM, which MariaDB returns as a string when big numbers are strings. */
export function readCount(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Reads a JSON array column, returning an empty list for NULL or text that is not a list. */
export function readJsonList(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** Returns `{ id, fullName }` for each user id that names a stored user, in one query. */
export async function loadUserNames(
  dataSource: DataSource,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows: Array<{ id: string; full_name: string }> = await dataSource
    .createQueryBuilder()
    .select(['u.id AS id', 'u.full_name AS full_name'])
    .from('org_users', 'u')
    .where('u.id IN (:...ids)', { ids: wanted })
    .getRawMany();
  return new Map(rows.map((row) => [row.id, row.full_name]));
}
