import type { DataSource } from 'typeorm';
import { checkStoredFile, type StoredFileLookup } from '../documents/index.js';
import { ValidationError } from '../errors/index.js';
import type { CompletionLookups } from './task-completion.js';

const MAX_REASON = 2000;

/**
 * Checks that `value` names another active user of the caller's agency (or unit) and returns
 * it; a ValidationError naming `toUserId` otherwise.
 */
export async function checkTarget(
  dataSource: DataSource,
  value: unknown,
  user: { id: string; organId: string; unitId?: string },
  within: 'agency' | 'unit',
): Promise<string> {
  const where = within === 'unit' ? 'unit_id = ?' : 'organ_id = ?';
  const scope = within === 'unit' ? user.unitId : user.organId;
  const rows: unknown[] =
    typeof value === 'string' && value !== user.id && value.length <= 36
      ? await dataSource.query(
          `SELECT id FROM org_users WHERE id = ? AND active = 1 AND ${where}`,
          [value, scope],
        )
      : [];
  if (rows.length === 0) {
    throw new ValidationError(`toUserId must name another active user of your ${within}`, {
      field: 'toUserId',
      value,
    });
  }
  return value as string;
}

/** Looks up users and units of one agency, and stored files, for completion forms. */
export function agencyLookups(
  dataSource: DataSource,
  organId: string,
  files: StoredFileLookup,
): CompletionLookups {
  const exists = async (table: string, id: string) =>
    (
      await dataSource.query(
        `SELECT id FROM ${table} WHERE id = ? AND organ_id = ? AND active = 1`,
        [id, organId],
      )
    ).length > 0;
  return {
    userInAgency: (id) => exists('org_users', id),
    unitInAgency: (id) => exists('org_units', id),
    storedPdf: (field, id) => checkStoredFile(files, field, id, { pdf: true }),
  };
}

/** Returns trimmed NFC text, or null when absent or blank. */
export function optionalText(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_REASON) {
    throw new ValidationError(`${field} must be text of at most ${MAX_REASON} characters`, {
      field,
      value,
    });
  }
  const trimmed = value.trim().normalize('NFC');
  return trimmed === '' ? null : trimmed;
}
