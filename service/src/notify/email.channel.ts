import { escapeHtml, type MailService } from '../mail/index.js';
import type { Notification, NotificationChannel } from './notification-channel.js';

/** Delivers notifications as e-mail through MailService.sendOnce, keyed by idempotency key. */
export class EmailChannel implements NotificationChannel {
  readonly kind = 'email' as const;

  constructor(private readonly mail: MailService) {}

  async send(notification: Notification): Promise<void> {
    const link = notification.link;
    const text = link ? `${notification.text}\n\n${link}\n` : `${notification.text}\n`;
    const linkHtml = link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` : '';
    await this.mail.sendOnce(notification.idempotencyKey, {
      to: notification.recipient,
      subject: notification.subject,
      text,
      html: `<p>${escapeHtml(notification.text)}</p>${linkHtml}`,
    });
  }
}
