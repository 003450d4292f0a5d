import type { Logger } from 'pino';
import { PermanentError, TransientError, ValidationError } from '../errors/index.js';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
} from './webhook-signature.js';

export interface WebhookTransportOptions {
  /** Receiver URL, http:// or https://. */
  url: string;
  /** Shared secret for the HMAC signature, at least 16 characters. */
  secret: string;
  /** Milliseconds to wait for each response. Default 10000. */
  timeoutMs?: number;
  /** Attempts per post, the first included. Default 4. */
  maxAttempts?: number;
  /** Milliseconds before the second attempt, doubled before each later one. Default 500. */
  initialBackoffMs?: number;
  /** Waits between attempts; replaceable in tests. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the signed timestamp; replaceable in tests. */
  now?: () => Date;
  logger?: Logger;
}

/** Status codes that a later attempt may get past although they are 4xx. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);

/**
 * Posts signed JSON to an HTTP receiver. Each attempt carries a fresh timestamp header, the
 * HMAC signature of timestamp and body, and the idempotency key. Network errors, timeouts,
 * 5xx, 408 and 429 are retried with exponential back-off. Other 3xx and 4xx replies raise
 * PermanentError at once. Running out of attempts raises TransientError.
 */
export class WebhookTransport {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(private readonly options: WebhookTransportOptions) {
    checkOptions(options);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => new Date());
  }

  /** Posts `payload` as JSON; resolves on a 2xx reply. */
  async post(payload: unknown, idempotencyKey: string): Promise<void> {
    const body = JSON.stringify(payload);
    let lastFailure = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      if (attempt > 1) {
        const backoffMs = this.initialBackoffMs * 2 ** (attempt - 2);
        this.options.logger?.warn(
          { idempotencyKey, attempt, backoffMs, lastFailure },
          'webhook post retried',
        );
        await this.sleep(backoffMs);
      }
      const status = await this.attempt(body, idempotencyKey).catch((error: Error) => error);
      if (typeof status === 'number' && status >= 200 && status < 300) return;
      if (typeof status === 'number' && status < 500 && !RETRYABLE_CLIENT_STATUSES.has(status)) {
        throw new PermanentError(
          `webhook post failed with HTTP ${status}, which is not retried: check the receiver url and secret`,
          {
            field: 'url',
            value: this.options.url,
            status,
          },
        );
      }
      lastFailure = typeof status === 'number' ? `HTTP ${status}` : describeNetworkError(status);
    }
    throw new TransientError(
      `webhook post failed after ${this.maxAttempts} attempts: ${lastFailure}`,
      {
        field: 'url',
        value: this.options.url,
      },
    );
  }

  private async attempt(body: string, idempotencyKey: string): Promise<number> {
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, timestamp, body),
        [IDEMPOTENCY_HEADER]: idempotencyKey,
      },
      body,
      // A redirect is reported as its 3xx status, which is not retried, rather than followed,
      // because following a 307 or 308 would send the signed body to another address.
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.body?.cancel();
    return response.status;
  }
}

/** Fetch reports every network failure as `fetch failed`; the cause names the real one. */
function describeNetworkError(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}

function checkOptions(options: WebhookTransportOptions): void {
  let url: URL | undefined;
  try {
    url = new URL(options.url);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError('webhook url must be an http:// or https:// URL', {
      field: 'url',
      value: options.url,
    });
  }
  if (typeof options.secret !== 'string' || options.secret.length < 16) {
    throw new ValidationError('webhook secret must be at least 16 characters', {
      field: 'secret',
      value: '(hidden)',
    });
  }
}
