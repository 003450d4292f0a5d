import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { variableNames } from '../src/config/index.js';

const repositoryRoot = resolve(import.meta.dirname, '../..');
const fixturesDir = join(import.meta.dirname, 'http/fixtures');

interface StartedProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first log line whose message is `msg`. */
  waitForMessage(msg: string): Promise<Record<string, unknown>>;
}

type LogLine = Record<string, unknown>;

/** Calls `onLine` with each JSON line written to `stream`; other lines are ignored. */
function readJsonLines(stream: NodeJS.ReadableStream, onLine: (line: LogLine) => void): void {
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const text of complete.filter((line) => line.startsWith('{'))) {
      onLine(JSON.parse(text) as LogLine);
    }
  });
}

/** Runs `npm start` with only the given docroute variables, collecting its JSON log lines. */
function startService(env: Record<string, string>): StartedProcess {
  const inherited = { ...process.env };
  for (const name of variableNames) delete inherited[name];
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repositoryRoot,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const lines: LogLine[] = [];
  const waiters: Array<{ msg: string; resolve: (line: LogLine) => void }> = [];
  readJsonLines(child.stdout!, (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.msg === line.msg)) waiter.resolve(line);
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // 'close' waits until every holder of the output pipes has exited, so no log line is lost.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));

  const waitForMessage = (msg: string): Promise<LogLine> => {
    const seen = lines.find((line) => line.msg === msg);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolveLine, reject) => {
      waiters.push({ msg, resolve: resolveLine });
      void exited.then((code) => {
        const last = JSON.stringify(lines.at(-1));
        reject(new Error(`exited with ${code} before "${msg}"; last line ${last}; ${stderr}`));
      });
    });
  };
  return { child, lines, stderr: () => stderr, exited, waitForMessage };
}

function killIfRunning(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // The process has already exited.
  }
}

describe('npm start', function () {
  // Starting tsx and compiling the service takes a few seconds on a cold cache.
  this.timeout(120_000);

  let workDir: string;
  let running: StartedProcess | undefined;

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'docroute-start-'));
    mkdirSync(join(workDir, 'processes'));
  });

  afterEach(async () => {
    // A failed test may leave the service running: end it and npm by their process ids.
    const servicePid = running?.lines[0]?.pid;
    if (running && running.child.exitCode === null) {
      if (typeof servicePid === 'number') killIfRunning(servicePid);
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
    rmSync(workDir, { recursive: true, force: true });
  });

  it('serves health and stops on SIGTERM', async () => {
    // given a data folder and a processes folder with one BPMN file
    copyFileSync(
      join(fixturesDir, 'review-letter.bpmn'),
      join(workDir, 'processes', 'review-letter.bpmn'),
    );

    // when the service starts on a free port
    running = startService({
      PORT: '0',
      DOCROUTE_DATA_DIR: join(workDir, 'data'),
      DOCROUTE_PROCESSES_DIR: join(workDir, 'processes'),
    });
    const listening = await running.waitForMessage('listening');
    const health = await fetch(`${listening.url as string}/health`);
    // npm runs the service as a child process; the signal goes to the service itself, as a
    // process manager would send it.
    process.kill(listening.pid as number, 'SIGTERM');
    const code = await running.exited;

    // then it deployed the process, listened on loopback only, reported healthy, and stopped
    const deployed = running.lines.find((line) => line.msg === 'process deployed');
    expect(deployed?.bpmnProcessId).to.equal('review-letter');
    expect(deployed?.version).to.equal(1);
    expect(listening.host).to.equal('127.0.0.1');
    expect(listening.url).to.match(/^http:\/\/127\.0\.0\.1:[0-9]+$/);
    expect(health.status).to.equal(200);
    expect(((await health.json()) as { status: string }).status).to.equal('ok');
    expect(code).to.equal(0);
    expect(running.lines.map((line) => line.msg)).to.include('stopped');
  });

  it('bad configuration exits 1 naming every key', async () => {
    // given three invalid keys
    const env = { PORT: 'eighty', DOCROUTE_LOG_LEVEL: 'loud', DATABASE_URL: 'postgres://db/x' };

    // when the service starts
    running = startService(env);
    const code = await running.exited;

    // then it exits with 1 and the report names each key
    expect(code).to.equal(1);
    for (const key of Object.keys(env)) expect(running.stderr()).to.contain(key);
  });

  it('rejected process file exits 1', async () => {
    // given a processes folder with a service task that has no job type
    copyFileSync(
      join(fixturesDir, 'missing-job-type.bpmn'),
      join(workDir, 'processes', 'missing-job-type.bpmn'),
    );

    // when the service starts
    running = startService({
      PORT: '0',
      DOCROUTE_DATA_DIR: join(workDir, 'data'),
      DOCROUTE_PROCESSES_DIR: join(workDir, 'processes'),
    });
    const code = await running.exited;

    // then it logs the problems and exits with 1 without listening
    expect(code).to.equal(1);
    const rejected = running.lines.find((line) => line.msg === 'process deployment rejected');
    expect(JSON.stringify(rejected?.problems)).to.contain('sign');
    expect(running.lines.map((line) => line.msg)).not.to.include('listening');
  });
});
