import type { DataSource } from 'typeorm';

/**
 * The SQL that differs between MySQL/MariaDB and SQLite: time encoding, row locks and upserts.
 * Times are UTC in both: `datetime(3)` on MySQL, sortable `YYYY-MM-DD HH:MM:SS.SSS` text on
 * SQLite, so both compare correctly with the same encoded parameter.
 */
export class Dialect {
  readonly kind: 'mysql' | 'sqlite';

  constructor(kind: 'mysql' | 'sqlite') {
    this.kind = kind;
  }

  static of(dataSource: DataSource): Dialect {
    const type = dataSource.options.type;
    return new Dialect(type === 'mysql' || type === 'mariadb' ? 'mysql' : 'sqlite');
  }

  /** Encodes a time as a query parameter. */
  time(date: Date): string {
    return date.toISOString().replace('T', ' ').replace('Z', '');
  }

  /** Encodes an optional time; `null` stays `null`. */
  optionalTime(date: Date | undefined | null): string | null {
    return date ? this.time(date) : null;
  }

  /** Decodes a time column as returned by either driver. */
  parseTime(value: unknown): Date {
    if (value instanceof Date) return value;
    if (typeof value === 'string') {
      return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
    }
    throw new TypeError(`invalid time column value ${String(value)}`);
  }

  parseOptionalTime(value: unknown): Date | undefined {
    return value === null || value === undefined ? undefined : this.parseTime(value);
  }

  /** Row-lock suffix for a SELECT inside a transaction; SQLite locks the whole database. */
  get forUpdate(): string {
    return this.kind === 'mysql' ? ' FOR UPDATE' : '';
  }

  get forUpdateSkipLocked(): string {
    return this.kind === 'mysql' ? ' FOR UPDATE SKIP LOCKED' : '';
  }

  /**
   * Builds an INSERT that, when the primary key already exists, overwrites the non-key columns
   * (or only `updateColumns`).
   */
  upsert(
    table: string,
    columns: string[],
    primary: string[],
    rowCount: number,
    updateColumns: string[] = columns,
  ): string {
    const insert = insertSql(table, columns, rowCount);
    const updates = updateColumns.filter((column) => !primary.includes(column));
    if (this.kind === 'mysql') {
      const set = updates.map((column) => `${quote(column)} = VALUES(${quote(column)})`);
      return `${insert} ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
    }
    const set = updates.map((column) => `${quote(column)} = excluded.${quote(column)}`);
    return `${insert} ON CONFLICT (${primary.map(quote).join(', ')}) DO UPDATE SET ${set.join(', ')}`;
  }
}

/** Backtick quoting, which both MySQL and SQLite accept (`key` is reserved in MySQL). */
export function quote(identifier: string): string {
  return `\`${identifier}\``;
}

export function insertSql(table: string, columns: string[], rowCount: number): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const rows = Array.from({ length: rowCount }, () => row).join(', ');
  return `INSERT INTO ${table} (${columns.map(quote).join(', ')}) VALUES ${rows}`;
}

export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
