import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ValidationError } from '../errors/index.js';

/** scrypt cost parameters; stored with each hash so that they can be raised later. */
export interface ScryptParameters {
  /** CPU and memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/** N = 2^15, r = 8, p = 1, which takes 32 MiB of memory per hash (128 * N * r bytes). */
export const DEFAULT_SCRYPT_PARAMETERS: Readonly<ScryptParameters> = Object.freeze({
  N: 2 ** 15,
  r: 8,
  p: 1,
});

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;

function deriveKey(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  // Node rejects parameters needing more than `maxmem` bytes (default 32 MiB), and N = 2^15 with
  // r = 8 needs 32 MiB plus overhead, so the limit is set to twice the requirement.
  const options: ScryptOptions = { ...parameters, maxmem: 256 * parameters.N * parameters.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Checks a new password's length and returns it, or throws a ValidationError. */
export function checkNewPassword(password: unknown): string {
  if (
    typeof password !== 'string' ||
    [...password].length < MIN_PASSWORD_LENGTH ||
    [...password].length > MAX_PASSWORD_LENGTH
  ) {
    throw new ValidationError(
      `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
      { field: 'password' },
    );
  }
  return password;
}

/**
 * Hashes a password with a fresh random salt. The result reads
 * `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`.
 */
export async function hashPassword(
  password: string,
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, parameters);
  const { N, r, p } = parameters;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  parameters: ScryptParameters;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((value) => Number.isInteger(value) && value > 0)) return null;
  return {
    parameters: { N, r, p },
    salt: Buffer.from(parts[4], 'base64'),
    key: Buffer.from(parts[5], 'base64'),
  };
}

/** A hash of a random password, checked when a username is unknown so that it costs the same. */
let dummyHash: Promise<string> | undefined;

/**
 * Computes the dummy hash ahead of the first login, so that the first check of an unknown
 * username does not take two scrypt runs.
 */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(SALT_BYTES).toString('hex'));
  return dummyHash;
}

/**
 * Checks `password` against a stored hash in constant time. With a null hash (unknown user or no
 * password set) it still derives a key against a dummy hash, so that the time taken does not
 * reveal whether the username exists, and returns false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const real = stored === null ? null : parseHash(stored);
  const parsed = real ?? parseHash(await prepareDummyHash())!;
  const key = await deriveKey(password, parsed.salt, parsed.parameters);
  const equal = key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  return equal && real !== null;
}

/** Returns true when a stored hash uses weaker parameters than `target` and should be redone. */
export function needsRehash(
  stored: string,
  target: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.parameters.N < target.N || parsed.parameters.r < target.r;
}
