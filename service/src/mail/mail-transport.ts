import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { PermanentError, TransientError } from '../errors/index.js';
import { parseSmtpUrl, type SmtpConnectionOptions } from './smtp-url.js';

/** One e-mail to send; `html` and `text` are the two alternative bodies. */
export interface MailMessage {
  /** Sender address; the transport's default when absent. */
  from?: string;
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** Message-ID header including the angle brackets; nodemailer generates one when absent. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
}

/** Something that delivers an e-mail: an SMTP server or the outbox folder. */
export interface MailTransport {
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

/** Delivers e-mail through an SMTP server named by an SMTP URL. */
export class SmtpTransport implements MailTransport {
  private readonly transporter: Transporter;

  /** `from` is the default sender address, such as `docroute <no-reply@agency.gov.vn>`. */
  constructor(
    options: SmtpConnectionOptions,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(parseSmtpUrl(options));
  }

  /**
   * Sends `message`. A 5xx reply (mailbox unknown, authentication rejected) raises a
   * PermanentError because resending cannot succeed. Every other failure, such as a refused
   * connection, a timeout or a 4xx reply, raises a TransientError so that the caller retries.
   */
  async send(message: MailMessage): Promise<SentMail> {
    try {
      const info = await this.transporter.sendMail(toNodemailer(message, this.from));
      return { messageId: info.messageId };
    } catch (error) {
      throw classifySendError(error);
    }
  }

  close(): void {
    this.transporter.close();
  }
}

export function toNodemailer(message: MailMessage, defaultFrom: string): Mail.Options {
  return {
    from: message.from ?? defaultFrom,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.headers,
  };
}

function classifySendError(error: unknown): Error {
  const details = error as { code?: string; responseCode?: number; message?: string };
  const fields = { code: details.code, responseCode: details.responseCode };
  const reason = details.message ?? String(error);
  if (details.responseCode !== undefined && details.responseCode >= 500) {
    return new PermanentError(`SMTP server rejected the e-mail: ${reason}`, fields, {
      cause: error,
    });
  }
  return new TransientError(`sending e-mail failed: ${reason}`, fields, { cause: error });
}
