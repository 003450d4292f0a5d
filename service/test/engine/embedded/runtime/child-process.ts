import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));

export interface RunningChild {
  process: ChildProcess;
  /** Complete stdout lines printed so far. */
  lines: string[];
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves once a line equal to `text` has been printed (or the child exited). */
  waitForLine(text: string): Promise<void>;
}

/** Starts a TypeScript file in this folder as a child process under tsx. */
export function startChild(file: string, args: string[]): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', join(folder, file), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let errors = '';
  const listeners: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      for (const listener of listeners) listener();
      resolve(code);
    }),
  );
  return {
    process: child,
    lines,
    stderr: () => errors,
    exited,
    waitForLine: (text) =>
      new Promise((resolve) => {
        const check = () => {
          if (lines.includes(text) || child.exitCode !== null || child.signalCode !== null)
            resolve();
        };
        listeners.push(check);
        check();
      }),
  };
}
