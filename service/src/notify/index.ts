export { EmailChannel } from './email.channel.js';
export type { ChannelKind, Notification, NotificationChannel } from './notification-channel.js';
export { WebhookChannel } from './webhook.channel.js';
export {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  type WebhookVerification,
} from './webhook-signature.js';
export { WebhookTransport, type WebhookTransportOptions } from './webhook.transport.js';
