import type { Logger } from 'pino';
import type { UserTaskEvent } from '../port.js';
import type { Clock } from './clock.js';
import type { DefinitionCache } from './definitions.js';
import type { KeyAllocator } from './keys.js';
import type { Database } from './store/database.js';

export interface EngineOptions {
  /** How often the scheduler looks for due timers and jobs, in milliseconds. */
  pollIntervalMs: number;
  /** The largest variable payload accepted by one command, in bytes of JSON. */
  maxVariableBytes: number;
  /** False stops `start()` from running the scheduler loop; tests call `runDueWork()`. */
  schedulerEnabled: boolean;
}

/** The services that every part of the embedded engine shares. */
export interface EngineContext {
  database: Database;
  keys: KeyAllocator;
  definitions: DefinitionCache;
  clock: Clock;
  logger: Logger;
  options: EngineOptions;
  /** Wakes workers waiting in `activateJobs` for jobs of `type`. */
  notifyJobs(type: string): void;
  emitUserTask(event: UserTaskEvent): void;
}
