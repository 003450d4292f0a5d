/**
 * Child process for the concurrency test: an engine on the given database that activates and
 * completes jobs of `shared.work` and prints `DONE <job key>` after each completion returns. It
 * exits once no job has been available for `idleMs`.
 * Arguments: database URL, worker name.
 */
import pino from 'pino';
import { EmbeddedEngine, systemClock } from '../../../../src/engine/embedded/index.js';
import { engineDataSource } from './engine-fixture.js';

const [url, worker] = process.argv.slice(2);
const idleMs = 1_500;

async function main(): Promise<void> {
  const dataSource = engineDataSource(url!);
  await dataSource.initialize();
  const engine = new EmbeddedEngine({
    dataSource,
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    options: { schedulerEnabled: false, pollIntervalMs: 50 },
  });
  await engine.start();
  console.log('READY');
  let idleSince = Date.now();
  while (Date.now() - idleSince < idleMs) {
    const jobs = await engine.activateJobs({
      type: 'shared.work',
      worker: worker!,
      timeoutMs: 60_000,
      maxJobs: 8,
      requestTimeoutMs: 100,
    });
    if (jobs.length > 0) idleSince = Date.now();
    await Promise.all(
      jobs.map(async (job) => {
        await engine.completeJob({
          jobKey: job.key,
          activation: job.activation,
          variables: { worker },
        });
        console.log(`DONE ${job.key}`);
      }),
    );
  }
  await engine.stop();
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
