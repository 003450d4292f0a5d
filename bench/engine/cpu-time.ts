/**
 * CPU time of this process and of the local MariaDB server during a timed run, to tell whether
 * the engine's JavaScript, the database server or neither (waiting on disk or on other
 * processes) limits throughput. The server's time is read from /proc, so it is only available
 * on Linux with the server on this machine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat times; 100 on Linux x86-64 and arm64. */
const clockTicksPerSecond = 100;

export interface CpuSeconds {
  /** User plus system CPU time of this Node.js process. */
  benchProcess: number;
  /** The same for the MariaDB server process, when it runs on this machine. */
  databaseServer?: number;
}

export class CpuMeter {
  private readonly serverPid = findServerPid();
  private startUsage = process.cpuUsage();
  private startServer = serverCpuSeconds(this.serverPid);

  start(): void {
    this.startUsage = process.cpuUsage();
    this.startServer = serverCpuSeconds(this.serverPid);
  }

  read(includeServer: boolean): CpuSeconds {
    const usage = process.cpuUsage(this.startUsage);
    const benchProcess = (usage.user + usage.system) / 1e6;
    const server = serverCpuSeconds(this.serverPid);
    if (!includeServer || server === undefined || this.startServer === undefined) {
      return { benchProcess };
    }
    return { benchProcess, databaseServer: server - this.startServer };
  }
}

function findServerPid(): number | undefined {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      const output = execFileSync('pidof', [name], { encoding: 'utf8' }).trim();
      const pid = Number(output.split(/\s+/)[0]);
      if (Number.isInteger(pid) && pid > 0) return pid;
    } catch {
      // pidof exits with 1 when no process has that name; try the next name.
    }
  }
  return undefined;
}

function serverCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    return (userTicks + systemTicks) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}
