import { In, LessThan, MoreThan, type DataSource } from 'typeorm';
import { TooManyRequestsError } from './auth-errors.js';
import { LoginFailureEntity } from './auth.entities.js';
import type { ResolvedAuthOptions } from './auth-options.js';

/** The rows that one login attempt added, removed again when the attempt succeeds. */
export interface LoginAttempt {
  username: string;
  ipRowId: number;
  rowIds: number[];
}

/**
 * Counts failed logins per username and per client IP address in the database, so that every
 * process of the service reads the same counts. An attempt is stored as a failure before the
 * password is checked and removed when the check succeeds. Because each attempt counts itself
 * together with every attempt stored before it, concurrent attempts cannot slip past the limit.
 * After `maxLoginFailures` failures within the window, further attempts are rejected until the
 * oldest counted failure leaves the window.
 */
export class LoginRateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ResolvedAuthOptions,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(LoginFailureEntity);
  }

  private windowStart(): Date {
    return new Date(this.options.now().getTime() - this.options.loginFailureWindowSeconds * 1000);
  }

  /**
   * Stores an attempt for the username and the IP address. Throws TooManyRequestsError, and
   * removes the attempt again, when either already has the maximum number of failures.
   */
  async begin(username: string, ip: string): Promise<LoginAttempt> {
    const failedAt = this.options.now();
    const subjects = [usernameSubject(username), `ip:${ip}`];
    const rows = subjects.map((subject) => this.repository.create({ subject, failedAt }));
    for (const row of rows) await this.repository.insert(row);
    const attempt = { username, ipRowId: rows[1].id, rowIds: rows.map((row) => row.id) };
    for (const subject of subjects) {
      const retryAfterSeconds = await this.blockedFor(subject, attempt.rowIds);
      if (retryAfterSeconds === null) continue;
      await this.repository.delete({ id: In(attempt.rowIds) });
      const limitedKey = subject.startsWith('ip:') ? 'address' : 'username';
      throw new TooManyRequestsError(
        `too many failed logins for this ${limitedKey}; try again in ${retryAfterSeconds} seconds`,
        retryAfterSeconds,
      );
    }
    return attempt;
  }

  /** Keeps the attempt as a failure and drops failures older than the window. */
  async fail(): Promise<void> {
    await this.repository.delete({ failedAt: LessThan(this.windowStart()) });
  }

  /** Deletes the attempt and the username's failures; other failures from the address stay. */
  async succeed(attempt: LoginAttempt): Promise<void> {
    await this.repository.delete({ id: attempt.ipRowId });
    await this.repository.delete({ subject: usernameSubject(attempt.username) });
  }

  /**
   * Returns the seconds until `subject` may try again, or null when it is under the limit. The
   * count covers every attempt stored in the window, this one included.
   */
  private async blockedFor(subject: string, ownRowIds: number[]): Promise<number | null> {
    const limit = this.options.maxLoginFailures;
    const stored = await this.repository.find({
      where: { subject, failedAt: MoreThan(this.windowStart()) },
      order: { failedAt: 'DESC', id: 'DESC' },
      take: limit + 1,
    });
    if (stored.length <= limit) return null;
    const others = stored.filter((row) => !ownRowIds.includes(row.id));
    const oldestCounted = others[Math.min(limit, others.length) - 1].failedAt.getTime();
    const freeAt = oldestCounted + this.options.loginFailureWindowSeconds * 1000;
    return Math.max(1, Math.ceil((freeAt - this.options.now().getTime()) / 1000));
  }
}

function usernameSubject(username: string): string {
  return `username:${username.slice(0, 100)}`;
}
