import type { Database, Transaction } from './store/database.js';

/** Zeebe's keys on partition 1 start here; embedded keys look alike but are not Zeebe keys. */
const firstKey = 2251799813685249;
const blockSize = 1000;
const sequenceName = 'key';

/**
 * Hands out unique int64-like keys. Blocks of keys are reserved from `engine_sequence` in a
 * short transaction of their own, so several processes sharing the database never collide.
 */
export class KeyAllocator {
  private next = 0;
  private end = 0;

  constructor(private readonly database: Database) {}

  /** Reserves a new block ahead of a step when fewer than `count` keys remain. */
  async ensure(count: number): Promise<void> {
    if (this.end - this.next >= count) return;
    await this.database.transaction((tx) => this.reserveBlock(tx, Math.max(blockSize, count)));
  }

  /**
   * Returns a new key. When the block runs out inside a step, SQLite reserves within the step's
   * transaction (forgetting the block if it rolls back) and MySQL in a transaction of its own.
   */
  async allocate(tx: Transaction): Promise<string> {
    if (this.next >= this.end) {
      if (this.database.dialect.kind === 'sqlite') {
        await this.reserveBlock(tx, blockSize);
        tx.onRollback(() => {
          this.next = this.end;
        });
      } else {
        await this.database.transaction((own) => this.reserveBlock(own, blockSize));
      }
    }
    const key = this.next;
    this.next += 1;
    return String(key);
  }

  private async reserveBlock(tx: Transaction, size: number): Promise<void> {
    const start = (await this.readNext(tx)) ?? (await this.insertSequence(tx));
    await tx.execute('UPDATE engine_sequence SET next_value = ? WHERE name = ?', [
      start + size,
      sequenceName,
    ]);
    this.next = start;
    this.end = start + size;
  }

  private async readNext(tx: Transaction): Promise<number | undefined> {
    const rows = await tx.query<{ next_value: unknown }>(
      `SELECT next_value FROM engine_sequence WHERE name = ?${tx.dialect.forUpdate}`,
      [sequenceName],
    );
    return rows.length === 0 ? undefined : Number(rows[0]!.next_value);
  }

  /**
   * Creates the sequence row when a database lacks it (the migration inserts it, but a copied
   * schema may not). When another process inserted it first, reads theirs under the row lock.
   */
  private async insertSequence(tx: Transaction): Promise<number> {
    try {
      await tx.execute('INSERT INTO engine_sequence (name, next_value) VALUES (?, ?)', [
        sequenceName,
        firstKey,
      ]);
      return firstKey;
    } catch (error) {
      const next = await this.readNext(tx);
      if (next === undefined) throw error;
      return next;
    }
  }
}
