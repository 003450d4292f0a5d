export {
  describeLateness,
  escapeHtml,
  formatVietnamDateTime,
  type MailLocale,
} from './lateness.js';
export { MailService, type MailServiceOptions, type SendOnceResult } from './mail.service.js';
export {
  MailTemplates,
  type MailTemplatesOptions,
  type RenderedMail,
  type TaskMailFacts,
} from './mail-templates.js';
export {
  SmtpTransport,
  type MailMessage,
  type MailTransport,
  type SentMail,
} from './mail-transport.js';
export {
  OutboxReader,
  OutboxTransport,
  type OutboxMessage,
  type OutboxOptions,
} from './outbox.transport.js';
export { parseSmtpUrl, redactSmtpUrl, type SmtpConnectionOptions } from './smtp-url.js';
export { createOutboxRouter, type OutboxRouterDependencies } from './outbox.router.js';
