import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { serialiseOnSqlite } from '../db/write-transaction.js';
import { TransientError, ValidationError } from '../errors/index.js';
import type { MailMessage, MailTransport } from './mail-transport.js';

export interface MailServiceOptions {
  /** Data source whose database has the `mail_log` table. */
  dataSource: DataSource;
  transport: MailTransport;
  /** Domain part of generated Message-IDs, such as `docroute.example.gov.vn`. */
  messageIdDomain: string;
  /**
   * Milliseconds after which a send left in state `sending` (a process that died mid-send) may
   * be taken over and sent again. Default 600000 (10 minutes); keep it above the SMTP timeouts.
   */
  sendingLeaseMs?: number;
  /** Clock, replaceable in tests. */
  now?: () => Date;
  logger?: Logger;
}

export interface SendOnceResult {
  /** `sent` by this call, or `already-sent` by an earlier call with the same key. */
  status: 'sent' | 'already-sent';
  messageId: string;
}

interface MailLogRow {
  status: 'sending' | 'sent' | 'failed';
  message_id: string;
  attempts: number | string;
  claimed_at_ms: number | string;
}

const MAX_KEY_LENGTH = 191;

/**
 * Sends e-mail once per idempotency key, recording each key in `mail_log`. The row is claimed
 * as `sending`, the e-mail goes out with a Message-ID derived from the key, and the row is
 * marked `sent`.
 *
 * The guarantee is at-least-once, not exactly-once. The process may die, or the database may
 * fail, after the SMTP server accepted the e-mail but before the row is marked `sent`. A later
 * call with the same key then takes the row over once `sendingLeaseMs` has passed and sends
 * again. The repeat carries the same Message-ID, so mail clients that deduplicate by it hide it.
 */
export class MailService {
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: MailServiceOptions) {
    this.leaseMs = options.sendingLeaseMs ?? 600_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Derives the Message-ID for `key`: a SHA-256 prefix of the key at the configured domain. */
  messageIdFor(key: string): string {
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 40);
    return `<${digest}@${this.options.messageIdDomain}>`;
  }

  /**
   * Sends `message` unless a send with `key` already succeeded. Raises TransientError while
   * another send with the key holds its lease, and the transport's error when sending fails.
   */
  async sendOnce(key: string, message: MailMessage): Promise<SendOnceResult> {
    checkKey(key);
    const messageId = this.messageIdFor(key);
    const claimed = await this.claim(key, message, messageId);
    if (claimed === 'already-sent') {
      this.options.logger?.info(
        { idempotencyKey: key, messageId },
        'duplicate e-mail send skipped',
      );
      return { status: 'already-sent', messageId };
    }
    try {
      await this.options.transport.send({ ...message, messageId });
    } catch (error) {
      await this.recordFailure(key, error);
      throw error;
    }
    await this.update(key, 'sent', {});
    this.options.logger?.debug({ idempotencyKey: key, messageId }, 'e-mail sent');
    return { status: 'sent', messageId };
  }

  private async claim(
    key: string,
    message: MailMessage,
    messageId: string,
  ): Promise<'claimed' | 'already-sent'> {
    const nowMs = this.now().getTime();
    const stamp = sqlTimestamp(new Date(nowMs));
    const recipients = [message.to].flat().join(', ');
    try {
      await this.write(
        'INSERT INTO mail_log (idempotency_key, status, message_id, recipients, subject, attempts, ' +
          'claimed_at_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)',
        [key, 'sending', messageId, recipients, message.subject, nowMs, stamp, stamp],
      );
      return 'claimed';
    } catch (insertError) {
      const row = await this.findRow(key);
      if (!row) throw insertError;
      return this.takeOver(key, row, nowMs);
    }
  }

  private async takeOver(
    key: string,
    row: MailLogRow,
    nowMs: number,
  ): Promise<'claimed' | 'already-sent'> {
    if (row.status === 'sent') return 'already-sent';
    const leaseEndMs = Number(row.claimed_at_ms) + this.leaseMs;
    if (row.status === 'sending' && leaseEndMs > nowMs) {
      throw new TransientError(
        'another send with this idempotency key is in progress',
        { field: 'idempotencyKey', value: key },
        { retryBackoffMs: leaseEndMs - nowMs },
      );
    }
    const affected = await this.write(
      'UPDATE mail_log SET status = ?, attempts = attempts + 1, claimed_at_ms = ?, updated_at = ? ' +
        'WHERE idempotency_key = ? AND attempts = ?',
      ['sending', nowMs, sqlTimestamp(new Date(nowMs)), key, Number(row.attempts)],
    );
    if (affected !== 1) {
      throw new TransientError('another send with this idempotency key claimed it first', {
        field: 'idempotencyKey',
        value: key,
      });
    }
    this.options.logger?.warn(
      { idempotencyKey: key, previousStatus: row.status },
      'e-mail send retried',
    );
    return 'claimed';
  }

  /** Marks the row failed, logging rather than raising a database error so the send error wins. */
  private async recordFailure(key: string, sendError: unknown): Promise<void> {
    try {
      await this.update(key, 'failed', {
        lastError: String((sendError as Error).message ?? sendError),
      });
    } catch (error) {
      this.options.logger?.error(
        { err: error, idempotencyKey: key },
        'recording e-mail send failure failed',
      );
    }
  }

  /**
   * Runs one write statement and returns the number of rows it changed. On SQLite it waits in the
   * process's write queue, because a bare statement on the single connection would otherwise run
   * inside another writer's open transaction.
   */
  private write(sql: string, parameters: unknown[]): Promise<number> {
    const { dataSource } = this.options;
    const run = async (): Promise<number> => {
      const runner = dataSource.createQueryRunner();
      try {
        const result = await runner.query(sql, parameters, true);
        return result.affected ?? 0;
      } finally {
        await runner.release();
      }
    };
    return dataSource.options.type === 'better-sqlite3'
      ? serialiseOnSqlite(dataSource, run)
      : run();
  }

  private async findRow(key: string): Promise<MailLogRow | undefined> {
    const rows: MailLogRow[] = await this.options.dataSource.query(
      'SELECT status, message_id, attempts, claimed_at_ms FROM mail_log WHERE idempotency_key = ?',
      [key],
    );
    return rows[0];
  }

  private async update(
    key: string,
    status: 'sent' | 'failed',
    fields: { lastError?: string },
  ): Promise<void> {
    const stamp = sqlTimestamp(this.now());
    await this.write(
      'UPDATE mail_log SET status = ?, updated_at = ?, sent_at = ?, last_error = ? WHERE idempotency_key = ?',
      [
        status,
        stamp,
        status === 'sent' ? stamp : null,
        fields.lastError?.slice(0, 2000) ?? null,
        key,
      ],
    );
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new ValidationError(
      `idempotency key must be a string of 1 to ${MAX_KEY_LENGTH} characters`,
      {
        field: 'idempotencyKey',
        value: key,
      },
    );
  }
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, which both SQLite and MySQL datetime columns accept. */
function sqlTimestamp(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}
