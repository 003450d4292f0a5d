import { ValidationError } from '../errors/index.js';

/** Roles a user can hold; a user may hold several. */
export const ROLES = Object.freeze([
  'clerk',
  'specialist',
  'unit_leader',
  'agency_leader',
  'analyst',
  'administrator',
] as const);
export type Role = (typeof ROLES)[number];

/** Secrecy clearances, lowest first: none, Mật, Tối mật, Tuyệt mật. */
export const CLEARANCES = Object.freeze(['none', 'mat', 'toi_mat', 'tuyet_mat'] as const);
export type Clearance = (typeof CLEARANCES)[number];

/**
 * Delegation forms: ký thay (KT, a deputy signs for the head), thừa lệnh (TL) and thừa ủy quyền
 * (TUQ, written, time-boxed and not delegable further).
 */
export const DELEGATION_FORMS = Object.freeze(['KT', 'TL', 'TUQ'] as const);
export type DelegationForm = (typeof DELEGATION_FORMS)[number];

/** Positions with their rank: 1 heads an agency, larger numbers sit lower. */
export const POSITIONS = Object.freeze({
  giam_doc: { title: 'Giám đốc', rank: 1 },
  pho_giam_doc: { title: 'Phó Giám đốc', rank: 2 },
  truong_phong: { title: 'Trưởng phòng', rank: 3 },
  pho_truong_phong: { title: 'Phó Trưởng phòng', rank: 4 },
  chuyen_vien: { title: 'Chuyên viên', rank: 5 },
  van_thu: { title: 'Văn thư', rank: 5 },
} as const);
export type PositionCode = keyof typeof POSITIONS;

/** Returns true when `clearance` is at or above `required`. */
export function hasClearance(clearance: Clearance, required: Clearance): boolean {
  return CLEARANCES.indexOf(clearance) >= CLEARANCES.indexOf(required);
}

/** Checks that `value` is one of `allowed` and returns it, or throws naming `field`. */
export function checkOneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, { field, value });
  }
  return value as T;
}

/** Checks a non-empty list of distinct roles and returns it sorted in ROLES order. */
export function checkRoles(value: unknown): Role[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(`roles must be a non-empty list drawn from ${ROLES.join(', ')}`, {
      field: 'roles',
      value,
    });
  }
  const roles = new Set(value.map((role) => checkOneOf('roles', role, ROLES)));
  return ROLES.filter((role) => roles.has(role));
}

/**
 * Checks a required text, trims it and converts it to Unicode NFC, so that names typed with
 * combining marks (Vietnamese input methods often produce them) compare and sort as one form.
 */
export function checkText(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} must be a non-empty text`, { field, value });
  }
  const text = value.trim().normalize('NFC');
  if ([...text].length > maxLength) {
    throw new ValidationError(`${field} must be at most ${maxLength} characters`, {
      field,
      value,
      limit: maxLength,
    });
  }
  return text;
}
