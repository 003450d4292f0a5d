import { ValidationError } from '../errors/index.js';

/** Urgency levels (mức độ khẩn) with their edXML `Priority` value. */
export const URGENCY_LEVELS = Object.freeze([
  { priority: 0, name: 'Thường' },
  { priority: 1, name: 'Khẩn' },
  { priority: 2, name: 'Thượng khẩn' },
  { priority: 3, name: 'Hỏa tốc' },
  { priority: 4, name: 'Hỏa tốc hẹn giờ' },
] as const);

/** edXML priority of "Hỏa tốc hẹn giờ", the only level that carries a set delivery time. */
export const SCHEDULED_FLASH_PRIORITY = 4;

export type Secrecy = 'none' | 'mat' | 'toi-mat' | 'tuyet-mat';

/** Secrecy levels (độ mật) in rising order, with the years for which each is protected. */
export const SECRECY_LEVELS: readonly { code: Secrecy; name: string; protectedYears: number }[] =
  Object.freeze([
    { code: 'none', name: '', protectedYears: 0 },
    { code: 'mat', name: 'Mật', protectedYears: 10 },
    { code: 'toi-mat', name: 'Tối mật', protectedYears: 20 },
    { code: 'tuyet-mat', name: 'Tuyệt mật', protectedYears: 30 },
  ]);

export function checkPriority(value: unknown, field = 'priority'): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 4) {
    throw new ValidationError(
      `${field} must be an edXML priority from 0 (Thường) to 4 (Hỏa tốc hẹn giờ)`,
      { field, value },
    );
  }
  return value;
}

export function checkSecrecy(value: unknown, field = 'secrecy'): Secrecy {
  if (value === undefined || value === null) return 'none';
  const level = SECRECY_LEVELS.find((candidate) => candidate.code === value);
  if (!level) {
    throw new ValidationError(`${field} must be one of none, mat, toi-mat, tuyet-mat`, {
      field,
      value,
    });
  }
  return level.code;
}

/** Rank of a secrecy level: 0 for none up to 3 for Tuyệt mật. */
export function secrecyRank(secrecy: Secrecy): number {
  return SECRECY_LEVELS.findIndex((level) => level.code === secrecy);
}
