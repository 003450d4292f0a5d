import type { EngineContext } from './context.js';

/** Runs the scheduler's work every `pollIntervalMs` until stopped; one run at a time. */
export class SchedulerLoop {
  private running = false;
  private finished: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(
    private readonly context: EngineContext,
    private readonly work: () => Promise<number>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.finished = this.run();
  }

  /** Stops the loop and waits for the run in progress to end. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.finished;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const fired = await this.work();
        if (fired > 0) continue;
      } catch (error) {
        this.context.logger.error(
          { err: error },
          'scheduler run failed; retrying after the poll interval',
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.context.options.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
