import { useState } from 'preact/hooks';
import { ApiError, login } from '../api.js';
import { LanguageSwitch } from '../app.js';
import { type Translate, useI18n } from '../i18n/index.js';

/**
 * Returns the message for a failed login: the service's detail, except for the login limit,
 * which is worded in the page's language from the problem's `retryAfterSeconds`.
 */
function loginErrorText(reason: unknown, t: Translate): string {
  if (!(reason instanceof ApiError)) return t('networkError');
  const seconds = reason.problem.retryAfterSeconds;
  if (reason.status !== 429 || typeof seconds !== 'number') return reason.message;
  return t('loginLimited', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}

export function LoginPage(props: { expired: boolean; onLoggedIn: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
      props.onLoggedIn();
    } catch (reason) {
      setError(loginErrorText(reason, t));
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="card login-form" onSubmit={submit}>
        <h1>{t('appTitle')}</h1>
        {props.expired && !error && (
          <p class="notice" role="status" data-testid="session-expired">
            {t('sessionExpired')}
          </p>
        )}
        {error && (
          <p class="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <label class="field">
          <span>{t('username')}</span>
          <input
            name="username"
            autocomplete="username"
            autocapitalize="none"
            required
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t('password')}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button primary wide" disabled={busy}>
          {busy ? t('loggingIn') : t('loginButton')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
