import { useI18n } from '../i18n/index.js';
import { ApiError } from '../api.js';

/** Shows the server's problem detail, or a network message, with an optional retry button. */
export function ErrorMessage(props: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = props.error instanceof ApiError ? props.error.message : t('networkError');
  return (
    <div class="error" role="alert">
      <span>{message}</span>
      {props.onRetry && (
        <button type="button" class="button secondary" onClick={props.onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
