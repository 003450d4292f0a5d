/** One message to one person, independent of how it is delivered. */
export interface Notification {
  /** Address in the channel's terms: an e-mail address, a phone number or a device token. */
  recipient: string;
  subject: string;
  /** Plain-text body. */
  text: string;
  /** Link to the task or document the notification is about. */
  link?: string;
  /**
   * Key that is the same for every retry or redelivery of this notification, such as
   * `reminder:<taskKey>:<level>`; channels use it to avoid sending it twice.
   */
  idempotencyKey: string;
}

export type ChannelKind = 'email' | 'sms' | 'push' | 'webhook';

/**
 * A way to deliver notifications. `send` resolves once the channel accepted the notification
 * and raises TransientError for failures worth retrying, PermanentError for the rest.
 */
export interface NotificationChannel {
  readonly kind: ChannelKind;
  send(notification: Notification): Promise<void>;
}
