import type { DataSource, EntityManager } from 'typeorm';
import { RegisterCounterEntity, type RegisterKind } from './register-counter.entity.js';

export interface RegisterKey {
  organId: string;
  kind: RegisterKind;
  /** Year in Vietnam time. */
  year: number;
  series: string;
}

export interface RegisterSeriesOptions {
  /** Type codes numbered in a series of their own, such as legal-normative types. */
  separateSeriesTypes?: readonly string[];
}

/**
 * Chooses the series a document is numbered in: secret documents share one `secret` series,
 * types listed in `separateSeriesTypes` have their own, and the rest share `general`.
 */
export function chooseSeries(
  typeCode: string,
  secret: boolean,
  options: RegisterSeriesOptions = {},
): string {
  if (secret) return 'secret';
  if (options.separateSeriesTypes?.includes(typeCode)) return `type:${typeCode}`;
  return 'general';
}

/**
 * Hands out register numbers: 1, 2, 3 ... per register series, with no duplicate and no gap.
 * `takeNext` runs inside the transaction that stores the numbered document, so the counter row
 * stays locked until that document is committed, and a rollback returns the number.
 */
export class RegisterNumberService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Takes the next number of `key`'s series. On MySQL the counter row is read with
   * SELECT ... FOR UPDATE. On SQLite the caller's write transaction already excludes other
   * writers (see runWriteTransaction).
   */
  async takeNext(manager: EntityManager, key: RegisterKey): Promise<number> {
    const mysql = this.dataSource.options.type !== 'better-sqlite3';
    if (!(await manager.existsBy(RegisterCounterEntity, { ...key }))) {
      await this.createCounter(manager, key, mysql);
    }
    const query = manager
      .createQueryBuilder(RegisterCounterEntity, 'counter')
      .where('counter.organId = :organId AND counter.kind = :kind', key)
      .andWhere('counter.year = :year AND counter.series = :series', key);
    if (mysql) query.setLock('pessimistic_write');
    const counter = await query.getOneOrFail();
    const next = counter.lastNumber + 1;
    await manager.update(
      RegisterCounterEntity,
      { ...key },
      { lastNumber: next, updatedAt: this.now() },
    );
    return next;
  }

  /** Returns the last number handed out in a series, or 0 when it has none yet. */
  async peekLast(key: RegisterKey): Promise<number> {
    const counter = await this.dataSource.manager.findOneBy(RegisterCounterEntity, { ...key });
    return counter?.lastNumber ?? 0;
  }

  /**
   * Creates the counter row at 0 inside the caller's transaction. On MySQL the upsert takes an
   * exclusive lock on the row whether it inserts it or finds it there, so writers racing to
   * create the row queue on it instead of deadlocking, as two INSERT IGNOREs followed by
   * SELECT ... FOR UPDATE would (both would hold a shared lock and wait for an exclusive one).
   */
  private async createCounter(
    manager: EntityManager,
    key: RegisterKey,
    mysql: boolean,
  ): Promise<void> {
    if (mysql) {
      await manager.query(
        'INSERT INTO register_counters (organ_id, kind, year, series, last_number, updated_at) ' +
          'VALUES (?, ?, ?, ?, 0, ?) ON DUPLICATE KEY UPDATE last_number = last_number',
        [key.organId, key.kind, key.year, key.series, this.now()],
      );
      return;
    }
    await manager
      .createQueryBuilder()
      .insert()
      .into(RegisterCounterEntity)
      .values({ ...key, lastNumber: 0, updatedAt: this.now() })
      .orIgnore()
      .execute();
  }
}
