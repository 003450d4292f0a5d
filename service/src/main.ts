import { startService, type RunningService } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger, type Logger } from './log/index.js';

/** Milliseconds a graceful stop may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 30_000;

function readConfig(): Config | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

function handleSignals(service: RunningService, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during stop; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ timeoutMs: STOP_TIMEOUT_MS }, 'stop timed out; exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    service.stop().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const config = readConfig();
  if (!config) {
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  try {
    const service = await startService(config, logger);
    handleSignals(service, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
}

await main();
