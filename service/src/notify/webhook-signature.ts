import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Docroute-Signature';
export const TIMESTAMP_HEADER = 'X-Docroute-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * Signs a webhook body: `sha256=` and the hex HMAC-SHA256, keyed by `secret`, of the Unix
 * timestamp in seconds, a dot and the raw body, so that a captured request cannot be replayed
 * later with a new timestamp.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `sha256=${hmac}`;
}

export interface WebhookVerification {
  secret: string;
  /** Raw request body exactly as received. */
  body: string;
  timestampHeader: string | undefined;
  signatureHeader: string | undefined;
  now?: Date;
  /** Maximum age or clock skew of the timestamp, in seconds. Default 300. */
  toleranceSeconds?: number;
}

/** Checks that a received webhook has a valid signature and a timestamp within the tolerance. */
export function verifyWebhookSignature(request: WebhookVerification): boolean {
  const timestamp = Number(request.timestampHeader);
  if (!request.signatureHeader || !Number.isInteger(timestamp)) return false;
  const nowSeconds = Math.floor((request.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > (request.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhookBody(request.secret, timestamp, request.body));
  const received = Buffer.from(request.signatureHeader);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
