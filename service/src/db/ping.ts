import type { DataSource } from 'typeorm';

export interface DatabasePing {
  ok: boolean;
  /** The driver's message when the ping failed. */
  error?: string;
}

/** Runs `SELECT 1` and reports whether the database responded. */
export async function pingDatabase(dataSource: DataSource): Promise<DatabasePing> {
  if (!dataSource.isInitialized) return { ok: false, error: 'data source not initialised' };
  try {
    await dataSource.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
