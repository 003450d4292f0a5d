import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../db/write-transaction.js';
import { ValidationError } from '../errors/index.js';
import { canonicalJson } from './canonical-json.js';
import { AuditChainHeadEntity, AuditEntryEntity } from './audit-entry.entity.js';

/** Actions recorded in the audit log. */
export const AUDIT_ACTIONS = Object.freeze([
  'created',
  'updated',
  'viewed',
  'downloaded',
  'attached',
  'filed',
  'signed',
  'issued',
  'registered',
  'forwarded',
  'returned',
  'rejected',
  'revoked',
  'exported',
  'refused',
] as const);
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  actor: string;
  action: AuditAction;
  documentId?: string | null;
  details?: Record<string, unknown>;
}

export type ChainVerification =
  { ok: true; entries: number } | { ok: false; sequence: number; reason: string };

/** previous hash of the first entry */
export const GENESIS_HASH = '0'.repeat(64);
const HEAD_ID = 1;
const VERIFY_PAGE_SIZE = 500;
/** Largest page that `list` returns. */
export const MAX_AUDIT_PAGE_SIZE = 1000;

/** Computes an entry's hash: SHA-256 over the canonical JSON of its fields and `prevHash`. */
export function hashAuditEntry(entry: {
  sequence: number;
  recordedAt: Date;
  actor: string;
  action: string;
  documentId: string | null;
  details: unknown;
  prevHash: string;
}): string {
  const canonical = canonicalJson({
    sequence: entry.sequence,
    recordedAt: entry.recordedAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    documentId: entry.documentId,
    details: entry.details,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Append-only, hash-chained audit log. Appends lock the chain head row (FOR UPDATE on MySQL,
 * the single writer on SQLite), so the chain never forks.
 */
export class AuditLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one entry in a transaction of its own. */
  async append(input: AuditEntryInput): Promise<AuditEntryEntity> {
    return runWriteTransaction(this.dataSource, (manager) => this.appendIn(manager, input));
  }

  /**
   * Appends one entry inside the caller's write transaction, so that the entry is stored if and
   * only if the change it records is.
   */
  async appendIn(manager: EntityManager, input: AuditEntryInput): Promise<AuditEntryEntity> {
    checkInput(input);
    const head = await this.lockHead(manager);
    const details = input.details ?? {};
    const entry = new AuditEntryEntity();
    entry.sequence = head.lastSequence + 1;
    entry.recordedAt = this.now();
    entry.actor = input.actor;
    entry.action = input.action;
    entry.documentId = input.documentId ?? null;
    entry.details = canonicalJson(details);
    entry.prevHash = head.lastHash;
    entry.hash = hashAuditEntry({ ...entry, details });
    await manager.insert(AuditEntryEntity, entry);
    await manager.update(
      AuditChainHeadEntity,
      { id: HEAD_ID },
      { lastSequence: entry.sequence, lastHash: entry.hash },
    );
    return entry;
  }

  /**
   * Reads the chain head row for update, creating it at sequence 0 when it is missing. The
   * creation uses the same upsert-then-lock order as the register counters, so two first appends
   * queue on the row instead of deadlocking.
   */
  private async lockHead(manager: EntityManager): Promise<AuditChainHeadEntity> {
    const mysql = this.dataSource.options.type !== 'better-sqlite3';
    if (!(await manager.existsBy(AuditChainHeadEntity, { id: HEAD_ID }))) {
      const insert = mysql
        ? 'INSERT INTO audit_chain_head (id, last_sequence, last_hash) VALUES (?, 0, ?) ' +
          'ON DUPLICATE KEY UPDATE id = id'
        : 'INSERT OR IGNORE INTO audit_chain_head (id, last_sequence, last_hash) VALUES (?, 0, ?)';
      await manager.query(insert, [HEAD_ID, GENESIS_HASH]);
    }
    const query = manager
      .createQueryBuilder(AuditChainHeadEntity, 'head')
      .where('head.id = :id', { id: HEAD_ID });
    if (mysql) query.setLock('pessimistic_write');
    return query.getOneOrFail();
  }

  /**
   * Lists entries in sequence order, optionally for one document, after a sequence number. A
   * limit above MAX_AUDIT_PAGE_SIZE is a ValidationError.
   */
  async list(filter: { documentId?: string; afterSequence?: number; limit?: number } = {}) {
    const query = this.dataSource.manager
      .createQueryBuilder(AuditEntryEntity, 'entry')
      .where('entry.sequence > :after', { after: filter.afterSequence ?? 0 })
      .orderBy('entry.sequence', 'ASC')
      .take(checkPageSize(filter.limit ?? 100));
    if (filter.documentId) query.andWhere('entry.documentId = :id', { id: filter.documentId });
    return query.getMany();
  }

  /**
   * Recomputes the chain from the first entry and returns ok, or the sequence of the first
   * entry that is missing, altered or out of chain and why.
   */
  async verifyChain(): Promise<ChainVerification> {
    let expected = 1;
    let previousHash = GENESIS_HASH;
    for (;;) {
      const page = await this.dataSource.manager
        .createQueryBuilder(AuditEntryEntity, 'entry')
        .where('entry.sequence >= :from', { from: expected })
        .orderBy('entry.sequence', 'ASC')
        .take(VERIFY_PAGE_SIZE)
        .getMany();
      for (const entry of page) {
        const fault = findFault(entry, expected, previousHash);
        if (fault) return { ok: false, sequence: expected, reason: fault };
        previousHash = entry.hash;
        expected += 1;
      }
      if (page.length < VERIFY_PAGE_SIZE) break;
    }
    return this.checkHead(expected - 1, previousHash);
  }

  private async checkHead(lastSequence: number, lastHash: string): Promise<ChainVerification> {
    // A log that has never been written to may have no head row yet.
    const head = (await this.dataSource.manager.findOneBy(AuditChainHeadEntity, {
      id: HEAD_ID,
    })) ?? {
      lastSequence: 0,
      lastHash: GENESIS_HASH,
    };
    if (head.lastSequence !== lastSequence || head.lastHash !== lastHash) {
      return {
        ok: false,
        sequence: lastSequence + 1,
        reason: `the log ends at entry ${lastSequence}, but the chain head records entry ${head.lastSequence}`,
      };
    }
    return { ok: true, entries: lastSequence };
  }
}

function findFault(entry: AuditEntryEntity, expected: number, previousHash: string): string | null {
  if (entry.sequence !== expected) return `entry ${expected} is missing`;
  if (entry.prevHash !== previousHash) return 'prev_hash differs from the hash of the entry before';
  let details: unknown;
  try {
    details = JSON.parse(entry.details);
  } catch {
    return 'details are not valid JSON';
  }
  if (hashAuditEntry({ ...entry, details }) !== entry.hash) {
    return 'hash does not match the entry content';
  }
  return null;
}

function checkInput(input: AuditEntryInput): void {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(input.action)) {
    throw new ValidationError(`action must be one of ${AUDIT_ACTIONS.join(', ')}`, {
      field: 'action',
      value: input.action,
    });
  }
  if (typeof input.actor !== 'string' || input.actor === '' || [...input.actor].length > 100) {
    throw new ValidationError('actor must be a non-empty text of at most 100 characters', {
      field: 'actor',
      value: input.actor,
      limit: 100,
    });
  }
}

function checkPageSize(limit: number): number {
  if (Number.isInteger(limit) && limit >= 1 && limit <= MAX_AUDIT_PAGE_SIZE) return limit;
  throw new ValidationError(`limit must be a whole number from 1 to ${MAX_AUDIT_PAGE_SIZE}`, {
    field: 'limit',
    value: limit,
    limit: MAX_AUDIT_PAGE_SIZE,
  });
}
