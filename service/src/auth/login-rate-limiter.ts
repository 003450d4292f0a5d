import { createHash } from 'node:crypto';
import { In, LessThan, MoreThan, type DataSource } from 'typeorm';
import { TooManyRequestsError } from './auth-errors.js';
import { LoginFailureEntity } from './auth.entities.js';
import type { ResolvedAuthOptions } from './auth-options.js';

/** The rows that one login attempt added, removed again when the attempt succeeds. */
export interface LoginAttempt {
  username: string;
  ip: string;
  ipRowId: number;
  rowIds: number[];
}

/** One failure count: its subject, its limit and the word that a 429 message uses for it. */
interface Counter {
  subject: string;
  limit: number;
  scope: string;
}

/**
 * Counts failed logins in the database, so that every process of the service reads the same
 * counts: per username at one client IP address (`maxLoginFailures`), per username from every
 * address (`maxLoginFailuresPerUsername`) and per address (`maxLoginFailuresPerAddress`). An
 * attempt is stored as a failure before the password is checked and removed when the check
 * succeeds. Because each attempt counts itself together with every attempt stored before it,
 * concurrent attempts cannot slip past a limit. After a count reaches its limit within the
 * window, further attempts of that count are rejected until its oldest counted failure leaves
 * the window.
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
    const counters = this.counters(username, ip);
    const rows = counters.map(({ subject }) => this.repository.create({ subject, failedAt }));
    for (const row of rows) await this.repository.insert(row);
    const attempt = { username, ip, ipRowId: rows[2]!.id, rowIds: rows.map((row) => row.id) };
    for (const counter of counters) {
      const retryAfterSeconds = await this.blockedFor(counter, attempt.rowIds);
      if (retryAfterSeconds === null) continue;
      await this.repository.delete({ id: In(attempt.rowIds) });
      throw new TooManyRequestsError(
        `too many failed logins for this ${counter.scope}; try again in ${retryAfterSeconds} seconds`,
        retryAfterSeconds,
      );
    }
    return attempt;
  }

  /** Lists the counts an attempt adds to, in the order their limits are checked. */
  private counters(username: string, ip: string): Counter[] {
    return [
      {
        subject: pairSubject(username, ip),
        limit: this.options.maxLoginFailures,
        scope: 'username from this address',
      },
      {
        subject: usernameSubject(username),
        limit: this.options.maxLoginFailuresPerUsername,
        scope: 'username',
      },
      { subject: `ip:${ip}`, limit: this.options.maxLoginFailuresPerAddress, scope: 'address' },
    ];
  }

  /** Keeps the attempt as a failure and drops failures older than the window. */
  async fail(): Promise<void> {
    await this.repository.delete({ failedAt: LessThan(this.windowStart()) });
  }

  /** Deletes the attempt and the username's failures; other failures from the address stay. */
  async succeed(attempt: LoginAttempt): Promise<void> {
    await this.repository.delete({ id: attempt.ipRowId });
    await this.repository.delete({
      subject: In([usernameSubject(attempt.username), pairSubject(attempt.username, attempt.ip)]),
    });
  }

  /**
   * Returns the seconds until `subject` may try again, or null when it is under the limit. The
   * count covers every attempt stored in the window, this one included.
   */
  private async blockedFor(counter: Counter, ownRowIds: number[]): Promise<number | null> {
    const { subject, limit } = counter;
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

/** Builds the subject of a username at one address, hashed to fit the 120-character column. */
function pairSubject(username: string, ip: string): string {
  const digest = createHash('sha256').update(`${ip}\n${username}`, 'utf8').digest('hex');
  return `pair:${digest}`;
}
