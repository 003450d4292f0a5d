import type { ChannelKind, Notification, NotificationChannel } from './notification-channel.js';
import type { WebhookTransport } from './webhook.transport.js';

/**
 * Delivers notifications as signed JSON posts, for a receiver of its own or for an SMS or push
 * gateway that accepts webhooks. The body is the notification with its `channel` kind; the
 * receiver deduplicates by the Idempotency-Key header.
 */
export class WebhookChannel implements NotificationChannel {
  constructor(
    private readonly transport: WebhookTransport,
    readonly kind: ChannelKind = 'webhook',
  ) {}

  async send(notification: Notification): Promise<void> {
    // NOTE: no SMS or push provider is integrated, so those kinds need a gateway that accepts
    // this JSON body. Message length limits, such as 160 GSM characters, are not applied.
    await this.transport.post({ channel: this.kind, ...notification }, notification.idempotencyKey);
  }
}
