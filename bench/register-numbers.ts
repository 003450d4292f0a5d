/**
 * Register numbering throughput: `clients` concurrent writers take numbers from one register
 * series on a throwaway MariaDB database, each number in its own transaction as a clerk's
 * registration would, and the run checks that the numbers are exactly 1..N.
 */
import { performance } from 'node:perf_hooks';
import { createDataSource } from '../service/src/db/index.js';
import { runWriteTransaction } from '../service/src/db/write-transaction.js';
import { documentEntities } from '../service/src/documents/index.js';
import { RegisterNumberService } from '../service/src/registers/index.js';
import { createTempDatabase } from './engine/temp-database.js';

export interface RegisterNumbersResult {
  clients: number;
  numbers: number;
  numbersPerSecond: number;
  gapFree: boolean;
}

export async function measureRegisterNumbers(
  mariadbUrl: string,
  clients: number,
  numbersPerClient: number,
): Promise<RegisterNumbersResult> {
  const database = await createTempDatabase('mariadb', mariadbUrl);
  const dataSource = createDataSource(database.url, {
    entities: documentEntities,
    poolSize: clients,
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const service = new RegisterNumberService(dataSource);
    const key = {
      organId: '000.00.12.H26',
      kind: 'outgoing' as const,
      year: 2026,
      series: 'general',
    };
    const received: number[] = [];
    const client = async (): Promise<void> => {
      for (let index = 0; index < numbersPerClient; index += 1) {
        received.push(
          await runWriteTransaction(dataSource, (manager) => service.takeNext(manager, key)),
        );
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, client));
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...received].sort((a, b) => a - b);
    return {
      clients,
      numbers: received.length,
      numbersPerSecond: Number((received.length / seconds).toFixed(1)),
      gapFree: sorted.every((number, index) => number === index + 1),
    };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  }
}
