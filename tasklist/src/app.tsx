import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, getJson, hasSession, logout, onSessionEnd } from './api.js';
import {
  I18nContext,
  saveLanguage,
  savedLanguage,
  translator,
  useI18n,
  type Language,
} from './i18n/index.js';
import { DashboardPage } from './pages/dashboard.js';
import { InboxPage } from './pages/inbox.js';
import { LoginPage } from './pages/login.js';
import { NewOutgoingPage } from './pages/new-outgoing.js';
import { OutboxPage } from './pages/outbox.js';
import { ReceiveIncomingPage } from './pages/receive-incoming.js';
import { TaskPage } from './pages/task.js';
import { hrefOf, useRoute, type Route } from './route.js';
import type { Profile } from './types.js';

/** Returns true for an administrator when the service has GET /api/outbox, to show its link. */
async function outboxAvailable(profile: Profile): Promise<boolean> {
  if (!profile.roles.includes('administrator')) return false;
  try {
    await getJson('/api/outbox?limit=1');
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}

export function App() {
  const [language, setLanguage] = useState<Language>(savedLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const i18n = useMemo(
    () => ({
      language,
      t: translator(language),
      setLanguage: (next: Language) => {
        saveLanguage(next);
        setLanguage(next);
      },
    }),
    [language],
  );
  return (
    <I18nContext.Provider value={i18n}>
      <Session />
    </I18nContext.Provider>
  );
}

/** Shows the login form until a profile is loaded, and again after the session ends. */
function Session() {
  const [profile, setProfile] = useState<Profile | undefined>(undefined);
  const [checking, setChecking] = useState(hasSession);
  const [expired, setExpired] = useState(false);

  useEffect(
    () =>
      onSessionEnd(() => {
        setProfile(undefined);
        setExpired(true);
      }),
    [],
  );
  useEffect(() => {
    if (!checking) return;
    getJson<Profile>('/api/auth/me')
      .then(setProfile)
      .catch(() => undefined)
      .finally(() => setChecking(false));
  }, [checking]);

  if (checking) return <Loading />;
  if (!profile) {
    return (
      <LoginPage
        expired={expired}
        onLoggedIn={() => {
          setExpired(false);
          setChecking(true);
        }}
      />
    );
  }
  return <Shell profile={profile} onLoggedOut={() => setProfile(undefined)} />;
}

function Loading() {
  const { t } = useI18n();
  return <p class="status">{t('loading')}</p>;
}

function Shell(props: { profile: Profile; onLoggedOut: () => void }) {
  const { t } = useI18n();
  const route = useRoute();
  const [showOutbox, setShowOutbox] = useState(false);
  useEffect(() => {
    outboxAvailable(props.profile)
      .then(setShowOutbox)
      .catch(() => setShowOutbox(false));
  }, [props.profile]);

  const signOut = async () => {
    await logout().catch(() => undefined);
    location.hash = '#/';
    props.onLoggedOut();
  };

  return (
    <>
      <header class="topbar">
        <nav class="nav">
          <NavLink route={{ page: 'inbox' }} current={route} label={t('navInbox')} />
          <NavLink route={{ page: 'dashboard' }} current={route} label={t('navDashboard')} />
          {showOutbox && (
            <NavLink route={{ page: 'outbox' }} current={route} label={t('navOutbox')} />
          )}
        </nav>
        <div class="account">
          <span class="user-name" data-testid="user-name">
            {props.profile.fullName}
          </span>
          <LanguageSwitch />
          <button type="button" class="button secondary" onClick={signOut}>
            {t('logout')}
          </button>
        </div>
      </header>
      <main class="content">
        <Page route={route} profile={props.profile} />
      </main>
    </>
  );
}

function Page(props: { route: Route; profile: Profile }) {
  switch (props.route.page) {
    case 'task':
      return <TaskPage key={props.route.key} taskKey={props.route.key} profile={props.profile} />;
    case 'dashboard':
      return <DashboardPage />;
    case 'outbox':
      return <OutboxPage />;
    case 'new-outgoing':
      return <NewOutgoingPage profile={props.profile} />;
    case 'receive-incoming':
      return <ReceiveIncomingPage profile={props.profile} />;
    default:
      return <InboxPage profile={props.profile} />;
  }
}

function NavLink(props: { route: Route; current: Route; label: string }) {
  const active = props.route.page === props.current.page;
  return (
    <a href={hrefOf(props.route)} class={active ? 'nav-link active' : 'nav-link'}>
      {props.label}
    </a>
  );
}

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <label class="language">
      <span class="visually-hidden">{t('language')}</span>
      <select
        value={language}
        data-testid="language"
        onChange={(event) => setLanguage(event.currentTarget.value as Language)}
      >
        <option value="vi">Tiếng Việt</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
