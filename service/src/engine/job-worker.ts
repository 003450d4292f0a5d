import type pino from 'pino';
import {
  BusinessRuleError,
  PermanentError,
  TransientError,
  ValidationError,
} from '../errors/index.js';
import type { EnginePort, Job, Variables } from './port.js';

/**
 * The job-worker runtime shared by both engine adapters. It polls for jobs of one type and runs a
 * handler for each. Every handler outcome is sent to the engine once, as a completion, a BPMN
 * error, or a failure with or without retries, so no job is left without one.
 */

/** The engine calls a worker needs; every EnginePort provides them. */
export type JobClient = Pick<EnginePort, 'activateJobs' | 'completeJob' | 'failJob' | 'throwError'>;

const jobResultBrand: unique symbol = Symbol('docroute.jobResult');

export type JobResult =
  | { readonly [jobResultBrand]: 'complete'; variables?: Variables }
  | {
      readonly [jobResultBrand]: 'fail';
      message: string;
      retries?: number;
      retryBackoffMs?: number;
    }
  | {
      readonly [jobResultBrand]: 'error';
      errorCode: string;
      message?: string;
      variables?: Variables;
    };

/** Explicit outcomes a handler may return instead of variables or a thrown error. */
export const jobResult = {
  complete(variables?: Variables): JobResult {
    return { [jobResultBrand]: 'complete', variables };
  },
  /** Fails the job; `retries` defaults to one fewer than the job has left. */
  fail(failure: { message: string; retries?: number; retryBackoffMs?: number }): JobResult {
    return { [jobResultBrand]: 'fail', ...failure };
  },
  /** Throws a BPMN error that an error boundary or event sub-process can catch. */
  error(errorCode: string, message?: string, variables?: Variables): JobResult {
    return { [jobResultBrand]: 'error', errorCode, message, variables };
  },
};

export type JobHandler = (job: Job) => Promise<JobResult | Variables | void>;

export interface JobWorkerOptions {
  /** The job type, such as `document.store`. */
  type: string;
  /** The worker name recorded on activated jobs; `docroute-<pid>` when absent. */
  worker?: string;
  /** Milliseconds an activated job stays reserved for this worker. */
  timeoutMs: number;
  /** Maximum jobs activated by one request. */
  maxJobs: number;
  fetchVariables?: string[];
  /**
   * Milliseconds one activation request may wait for a job to appear (long poll), and the
   * pause before the next request after a failed or early empty one. Default 1,000.
   */
  pollIntervalMs?: number;
  /** Maximum handlers running at once; `maxJobs` when absent. */
  maxConcurrent?: number;
  /** First back-off in milliseconds for a failed attempt; it doubles per attempt. Default 1,000. */
  defaultRetryBackoffMs?: number;
  logger: pino.Logger;
}

export interface JobWorker {
  /** Stops polling, then waits for the current poll and every running handler to finish. */
  close(): Promise<void>;
}

const defaultPollIntervalMs = 1_000;
const defaultRetryBackoffMs = 1_000;
const maxRetryBackoffMs = 10 * 60_000;
/** Bound on the per-job attempt counters kept for the exponential back-off. */
const maxTrackedJobs = 10_000;

export function createJobWorker(
  engine: JobClient,
  options: JobWorkerOptions,
  handler: JobHandler,
): JobWorker {
  return new PollingJobWorker(engine, options, handler);
}

class PollingJobWorker implements JobWorker {
  private readonly logger: pino.Logger;
  private readonly worker: string;
  private readonly pollIntervalMs: number;
  private readonly maxConcurrent: number;
  private readonly running = new Set<Promise<void>>();
  /** Failed attempts per job key seen by this worker, for the exponential back-off. */
  private readonly failedAttempts = new Map<string, number>();
  private closing = false;
  private wakeUp: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly engine: JobClient,
    private readonly options: JobWorkerOptions,
    private readonly handler: JobHandler,
  ) {
    validateOptions(options);
    this.worker = options.worker ?? `docroute-${process.pid}`;
    this.pollIntervalMs = options.pollIntervalMs ?? defaultPollIntervalMs;
    this.maxConcurrent = options.maxConcurrent ?? options.maxJobs;
    this.logger = options.logger.child({ jobType: options.type, worker: this.worker });
    this.logger.info(
      { maxJobs: options.maxJobs, maxConcurrent: this.maxConcurrent },
      'job worker started',
    );
    this.loop = this.pollUntilClosed();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wakeUp?.();
    await this.loop;
    await Promise.allSettled([...this.running]);
    this.logger.info('job worker stopped');
  }

  private async pollUntilClosed(): Promise<void> {
    while (!this.closing) {
      const capacity = Math.min(this.options.maxJobs, this.maxConcurrent - this.running.size);
      if (capacity <= 0) {
        await Promise.race(this.running);
        continue;
      }
      await this.pollOnce(capacity);
    }
  }

  private async pollOnce(capacity: number): Promise<void> {
    const startedAt = Date.now();
    let jobs: Job[];
    try {
      jobs = await this.engine.activateJobs({
        type: this.options.type,
        worker: this.worker,
        timeoutMs: this.options.timeoutMs,
        maxJobs: capacity,
        fetchVariables: this.options.fetchVariables,
        requestTimeoutMs: this.pollIntervalMs,
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'job activation failed, will poll again');
      await this.pause(this.pollIntervalMs);
      return;
    }
    this.logger.trace({ activated: jobs.length }, 'jobs polled');
    for (const job of jobs) this.startHandler(job);
    if (jobs.length === 0) await this.pause(this.pollIntervalMs - (Date.now() - startedAt));
  }

  /** Waits `ms` milliseconds, or less when the worker closes meanwhile. */
  private async pause(ms: number): Promise<void> {
    if (ms <= 0 || this.closing) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }

  private startHandler(job: Job): void {
    const run = this.handle(job).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async handle(job: Job): Promise<void> {
    const logger = this.logger.child({
      jobKey: job.key,
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      elementId: job.elementId,
    });
    const startedAt = Date.now();
    let outcome: JobResult;
    try {
      outcome = toJobResult(await this.handler(job));
    } catch (error) {
      outcome = this.resultForError(job, error);
    }
    try {
      await this.reportOutcome(job, outcome, logger, Date.now() - startedAt);
    } catch (error) {
      logger.warn({ err: error }, 'job outcome rejected by the engine');
    }
  }

  private resultForError(job: Job, error: unknown): JobResult {
    if (error instanceof BusinessRuleError) {
      return jobResult.error(error.errorCode, error.message, error.variables);
    }
    const message = errorMessage(error);
    if (error instanceof PermanentError || error instanceof ValidationError) {
      return jobResult.fail({ message, retries: 0 });
    }
    const retryBackoffMs = error instanceof TransientError ? error.retryBackoffMs : undefined;
    return jobResult.fail({ message, retryBackoffMs });
  }

  private async reportOutcome(
    job: Job,
    outcome: JobResult,
    logger: pino.Logger,
    durationMs: number,
  ): Promise<void> {
    const { key: jobKey, activation } = job;
    if (outcome[jobResultBrand] === 'complete') {
      this.failedAttempts.delete(jobKey);
      await this.engine.completeJob({ jobKey, activation, variables: outcome.variables });
      logger.debug({ durationMs }, 'job completed');
      return;
    }
    if (outcome[jobResultBrand] === 'error') {
      this.failedAttempts.delete(jobKey);
      const { errorCode, message, variables } = outcome;
      await this.engine.throwError({
        jobKey,
        activation,
        errorCode,
        errorMessage: message,
        variables,
      });
      logger.info({ errorCode, durationMs }, 'job threw a BPMN error');
      return;
    }
    const retries = Math.max(0, outcome.retries ?? job.retries - 1);
    const retryBackoffMs = retries > 0 ? (outcome.retryBackoffMs ?? this.nextBackoffMs(jobKey)) : 0;
    await this.engine.failJob({
      jobKey,
      activation,
      retries,
      errorMessage: outcome.message,
      retryBackoffMs,
    });
    if (retries > 0) {
      logger.warn(
        { retries, retryBackoffMs, error: outcome.message, durationMs },
        'job failed, will retry',
      );
    } else {
      this.failedAttempts.delete(jobKey);
      logger.error({ error: outcome.message, durationMs }, 'job failed with no retries left');
    }
  }

  /**
   * Returns the back-off for the next attempt of a job: the default back-off doubled for each
   * earlier failure this worker saw, capped at ten minutes.
   * NOTE: the attempt count lives in this process, so a restarted worker starts again from the
   * default back-off.
   */
  private nextBackoffMs(jobKey: string): number {
    const failures = this.failedAttempts.get(jobKey) ?? 0;
    this.failedAttempts.delete(jobKey);
    if (this.failedAttempts.size >= maxTrackedJobs) {
      const oldest = this.failedAttempts.keys().next().value;
      if (oldest !== undefined) this.failedAttempts.delete(oldest);
    }
    this.failedAttempts.set(jobKey, failures + 1);
    const base = this.options.defaultRetryBackoffMs ?? defaultRetryBackoffMs;
    return Math.min(base * 2 ** failures, maxRetryBackoffMs);
  }
}

/** Turns a handler's return value into an outcome; a value that is not an object fails the job. */
function toJobResult(value: JobResult | Variables | void): JobResult {
  if (value === undefined || value === null) return jobResult.complete();
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'array' : typeof value;
    return jobResult.fail({
      message: `job handler returned a value of type ${kind}; return an object of variables, a jobResult, or nothing`,
      retries: 0,
    });
  }
  if (jobResultBrand in value) return value as JobResult;
  return jobResult.complete(value as Variables);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return `non-error value thrown: ${String(error)}`;
}

/** Throws a ValidationError naming the first option that is missing or out of range. */
function validateOptions(options: JobWorkerOptions): void {
  const checks: Array<[string, number | undefined, { optional: boolean; min: number }]> = [
    ['timeoutMs', options.timeoutMs, { optional: false, min: 1 }],
    ['maxJobs', options.maxJobs, { optional: false, min: 1 }],
    ['pollIntervalMs', options.pollIntervalMs, { optional: true, min: 1 }],
    ['maxConcurrent', options.maxConcurrent, { optional: true, min: 1 }],
    ['defaultRetryBackoffMs', options.defaultRetryBackoffMs, { optional: true, min: 0 }],
  ];
  for (const [field, value, { optional, min }] of checks) {
    if (value === undefined && optional) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      const expected = min === 0 ? 'a number of 0 or more' : 'a positive number';
      throw new ValidationError(`job worker option ${field} must be ${expected}, got ${value}`, {
        field,
        value,
      });
    }
  }
  if (typeof options.type !== 'string' || options.type.trim() === '') {
    throw new ValidationError(
      `job worker option type must name a job type, got '${options.type}'`,
      {
        field: 'type',
        value: options.type,
      },
    );
  }
}
