/**
 * Child process for the crash test: drives instances of `crash-route` towards completion and
 * prints one line per acknowledged step (`ACK create|job|task <key> [<element instance key>]`)
 * after the engine call returns. The parent kills it with SIGKILL at random moments.
 * Arguments: database URL, number of instances to create in total.
 */
import { approvalProcessId, crashRoute } from './crash-route.js';
import { openEngine } from './engine-fixture.js';
import { systemClock } from '../../../../src/engine/embedded/index.js';

const [url, totalText] = process.argv.slice(2);
const total = Number(totalText);

async function countInstances(opened: Awaited<ReturnType<typeof openEngine>>): Promise<number> {
  const rows = await opened.dataSource.query(
    'SELECT COUNT(*) AS n FROM engine_process_instance WHERE bpmn_process_id = ?',
    [approvalProcessId],
  );
  return Number(rows[0].n);
}

async function workOnce(opened: Awaited<ReturnType<typeof openEngine>>): Promise<boolean> {
  const { engine } = opened;
  let progressed = false;
  if ((await countInstances(opened)) < total) {
    const created = await engine.createInstance({
      bpmnProcessId: approvalProcessId,
      variables: {},
    });
    console.log(`ACK create ${created.processInstanceKey}`);
    progressed = true;
  }
  for (const type of ['crash.prepare', 'crash.left', 'crash.right']) {
    const jobs = await engine.activateJobs({ type, worker: 'crash', timeoutMs: 1_000, maxJobs: 5 });
    for (const job of jobs) {
      await engine.completeJob({
        jobKey: job.key,
        activation: job.activation,
        variables: { [type]: true },
      });
      console.log(`ACK job ${job.key} ${job.elementInstanceKey}`);
      progressed = true;
    }
  }
  for (const task of await engine.listUserTasks({ state: 'CREATED', limit: 5 })) {
    await engine.completeUserTask(task.key, { approved: true });
    console.log(`ACK task ${task.key} ${task.elementInstanceKey}`);
    progressed = true;
  }
  return progressed;
}

async function main(): Promise<void> {
  const opened = await openEngine(url!, systemClock);
  await opened.engine.deploy([{ name: 'crash-route.bpmn', content: crashRoute }]);
  console.log('READY');
  for (;;) {
    const progressed = await workOnce(opened);
    if (progressed) continue;
    const active = await opened.dataSource.query(
      "SELECT COUNT(*) AS n FROM engine_process_instance WHERE state = 'ACTIVE'",
    );
    if (Number(active[0].n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log('DONE');
  await opened.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
