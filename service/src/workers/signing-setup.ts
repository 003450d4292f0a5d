import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { PermanentError } from '../errors/index.js';
import { createDevelopmentCa, type DevelopmentCa } from '../signing/index.js';

const MASTER_KEY_FILE = 'master.key';
const DEVELOPMENT_CA_FILE = 'development-ca.json';

/**
 * Returns the 32-byte key that encrypts signing keys at rest: the configured base64 key, else
 * the one in `<keysDir>/master.key`. When neither exists and `generate` is set (the embedded
 * default), it writes a new random key there with mode 0600 and logs that it did.
 */
export function loadKeyEncryptionKey(options: {
  configured?: string;
  keysDir: string;
  generate: boolean;
  logger: Logger;
}): Buffer {
  if (options.configured) return Buffer.from(options.configured, 'base64');
  const path = join(options.keysDir, MASTER_KEY_FILE);
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (!options.generate) {
    throw new PermanentError(
      'DOCROUTE_KEY_ENCRYPTION_KEY is not set; set it to 32 random bytes in base64 (openssl rand -base64 32)',
      { field: 'DOCROUTE_KEY_ENCRYPTION_KEY' },
    );
  }
  mkdirSync(options.keysDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  options.logger.warn({ path }, 'key encryption key generated; back it up with the data folder');
  return key;
}

/**
 * Returns the development CA stored in `<keysDir>/development-ca.json`, creating it (mode 0600)
 * on first use. Its certificates are for development and tests, not for production trust.
 */
export function loadDevelopmentCa(keysDir: string, logger: Logger): DevelopmentCa {
  const path = join(keysDir, DEVELOPMENT_CA_FILE);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DevelopmentCa;
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const ca = createDevelopmentCa();
  writeFileSync(path, JSON.stringify(ca), { mode: 0o600, flag: 'wx' });
  logger.info({ path }, 'development CA created');
  return ca;
}
