import { getJson } from '../api.js';
import { ErrorMessage } from '../components/error-message.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useLoader } from '../use-loader.js';

/** One e-mail of GET /api/outbox, which lists the messages without their bodies. */
interface OutboxMail {
  file: string;
  date?: string;
  from?: string;
  to?: string | string[];
  subject?: string;
}

const OUTBOX_LIMIT = 100;

/** Lists the e-mail outbox. The app links here only for administrators when GET /api/outbox works. */
export function OutboxPage() {
  const { t, language } = useI18n();
  const outbox = useLoader(
    () => getJson<{ items: OutboxMail[] }>(`/api/outbox?limit=${OUTBOX_LIMIT}`),
    [],
  );
  if (outbox.error) return <ErrorMessage error={outbox.error} onRetry={outbox.reload} />;
  if (!outbox.data) return <p class="status">{t('loading')}</p>;
  const mails = outbox.data.items;
  return (
    <section class="outbox">
      <h1 class="page-title">{t('outboxTitle')}</h1>
      {mails.length === 0 && <p class="status">{t('noMail')}</p>}
      <ul class="mail-list" data-testid="mail-list">
        {mails.map((mail) => (
          <li key={mail.file} class="card mail" data-file={mail.file}>
            <strong>{mail.subject ?? ''}</strong>
            <span>
              {t('recipient')}: {Array.isArray(mail.to) ? mail.to.join(', ') : (mail.to ?? '')}
            </span>
            <span>
              {t('sender')}: {mail.from ?? ''}
            </span>
            <span>
              {t('mailTime')}: {formatDateTime(mail.date, language)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
