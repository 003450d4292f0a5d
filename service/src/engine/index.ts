import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/index.js';
import type { Clock } from './embedded/clock.js';
import { EmbeddedEngine } from './embedded/index.js';
import type { EnginePort } from './port.js';
import { ZeebeEngine } from './zeebe/index.js';

export type * from './port.js';
export type { Clock } from './embedded/clock.js';
export { ManualClock, systemClock } from './embedded/clock.js';
export {
  createJobWorker,
  jobResult,
  type JobClient,
  type JobHandler,
  type JobResult,
  type JobWorker,
  type JobWorkerOptions,
} from './job-worker.js';

export interface EngineDependencies {
  /** The initialised and migrated data source, where the embedded engine stores its state. */
  dataSource: DataSource;
  logger: Logger;
  /** Time source for the embedded engine's timers; the system clock when absent. */
  clock?: Clock;
  /** Whether the embedded engine fires due timers itself; true when absent. */
  schedulerEnabled?: boolean;
}

/**
 * Creates the engine that the configuration selects: the Zeebe adapter when ZEEBE_ADDRESS is set,
 * otherwise the embedded engine on the service's database. The engine is not started.
 */
export function createEngine(config: Pick<Config, 'engine'>, deps: EngineDependencies): EnginePort {
  // Each engine adds its own `component` field to the logger.
  const logger = deps.logger;
  const zeebe = config.engine.zeebe;
  if (zeebe) return new ZeebeEngine({ config: zeebe, logger });
  return new EmbeddedEngine({
    dataSource: deps.dataSource,
    logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    options: {
      pollIntervalMs: config.engine.pollIntervalMs,
      maxVariableBytes: config.engine.maxVariableBytes,
      schedulerEnabled: deps.schedulerEnabled ?? true,
    },
  });
}
