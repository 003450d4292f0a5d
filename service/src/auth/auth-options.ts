import { ValidationError } from '../errors/index.js';

export interface AuthOptions {
  /** HS256 key for access tokens, at least 32 bytes. */
  jwtSecret: string;
  /** Lifetime of access tokens in seconds; default 900 (15 minutes). */
  accessTokenTtlSeconds?: number;
  /** Lifetime of refresh tokens in seconds; default 43200 (12 hours, one working day). */
  refreshTokenTtlSeconds?: number;
  /** Failed logins allowed for one username from one client IP within the window; default 5. */
  maxLoginFailures?: number;
  /** Failed logins allowed for one username from all addresses within the window; default 20. */
  maxLoginFailuresPerUsername?: number;
  /**
   * Failed logins allowed from one client IP for all usernames within the window; default 50.
   * The limit is high so that one user's mistakes do not lock out an office behind one address.
   */
  maxLoginFailuresPerAddress?: number;
  /** Window of the failed-login count in seconds; default 900 (15 minutes). */
  loginFailureWindowSeconds?: number;
  /** Clock, replaced in tests. */
  now?: () => Date;
}

export type ResolvedAuthOptions = Readonly<Required<AuthOptions>>;

const MIN_SECRET_BYTES = 32;

/** Fills in defaults and checks the secret's length. */
export function resolveAuthOptions(options: AuthOptions): ResolvedAuthOptions {
  if (Buffer.byteLength(options.jwtSecret ?? '', 'utf8') < MIN_SECRET_BYTES) {
    throw new ValidationError(
      `the access token secret must be at least ${MIN_SECRET_BYTES} bytes; ` +
        'generate one with `openssl rand -base64 48`',
      { field: 'jwtSecret' },
    );
  }
  return Object.freeze({
    jwtSecret: options.jwtSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 900,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 12 * 3600,
    maxLoginFailures: options.maxLoginFailures ?? 5,
    maxLoginFailuresPerUsername: options.maxLoginFailuresPerUsername ?? 20,
    maxLoginFailuresPerAddress: options.maxLoginFailuresPerAddress ?? 50,
    loginFailureWindowSeconds: options.loginFailureWindowSeconds ?? 900,
    now: options.now ?? (() => new Date()),
  });
}
