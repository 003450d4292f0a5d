import type { ConnectionOptions } from 'node:tls';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { ValidationError } from '../errors/index.js';

export interface SmtpConnectionOptions {
  /**
   * Server URL: `smtp://user:password@host:587` (STARTTLS when offered), with
   * `?starttls=required` to refuse a connection without STARTTLS or `?starttls=never` for a relay
   * without TLS, or `smtps://user:password@host:465` for TLS from the first byte. User and
   * password are percent-decoded. Default ports: 587 for smtp, 465 for smtps.
   */
  url: string;
  /** TLS options, such as `ca` for a private certificate authority. */
  tls?: ConnectionOptions;
  /** Milliseconds to wait for the TCP connection and for the server greeting. Default 10000. */
  connectionTimeoutMs?: number;
  /** Milliseconds of socket inactivity before the send fails. Default 30000. */
  socketTimeoutMs?: number;
}

const STARTTLS_MODES = ['opportunistic', 'required', 'never'] as const;

/** Builds nodemailer SMTP transport options from an SMTP URL; throws ValidationError when invalid. */
export function parseSmtpUrl(options: SmtpConnectionOptions): SMTPTransport.Options {
  const url = parseUrl(options.url);
  const secure = url.protocol === 'smtps:';
  const starttls = url.searchParams.get('starttls') ?? 'opportunistic';
  if (!STARTTLS_MODES.includes(starttls as never)) {
    throw invalidUrl(options.url, `starttls must be one of ${STARTTLS_MODES.join(', ')}`);
  }
  if (secure && starttls !== 'opportunistic') {
    throw invalidUrl(options.url, 'smtps:// uses TLS from the start, so drop the starttls option');
  }
  const defaultPort = secure ? 465 : 587;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? defaultPort : Number(url.port),
    secure,
    requireTLS: starttls === 'required',
    ignoreTLS: starttls === 'never',
    auth: user === '' ? undefined : { user, pass },
    tls: options.tls,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.connectionTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  };
}

/** Replaces the password in a URL with `***`, for logs and error messages. */
export function redactSmtpUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The parser's error carries the input, password included, so it is not kept as the cause.
    throw invalidUrl(text, 'it is not a URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw invalidUrl(text, 'the scheme must be smtp:// or smtps://');
  }
  if (url.hostname === '') throw invalidUrl(text, 'the host name is missing');
  return url;
}

function invalidUrl(text: string, reason: string): ValidationError {
  return new ValidationError(
    `invalid SMTP_URL: ${reason}; expected smtp://user:password@host:587?starttls=required`,
    { field: 'SMTP_URL', value: redactSmtpUrl(text) },
  );
}
