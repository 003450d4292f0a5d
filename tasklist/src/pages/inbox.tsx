import { useEffect, useState } from 'preact/hooks';
import { getJson, SessionEndedError } from '../api.js';
import { DueBadge, SecrecyBadge, UrgencyBadge } from '../components/badges.js';
import { ErrorMessage } from '../components/error-message.js';
import { documentCode } from '../format.js';
import { translateOptional, useI18n } from '../i18n/index.js';
import { hrefOf } from '../route.js';
import type { Profile, TaskPage, TaskSummary } from '../types.js';

export interface InboxFilters {
  scope: 'all' | 'mine' | 'groups';
  state: 'open' | 'completed';
  /** A comma-separated list of urgency levels, empty for any. */
  urgency: string;
  overdue: boolean;
  route: string;
  text: string;
}

const PAGE_SIZE = 25;

/** The routes that the processes folder deploys, offered in the route filter. */
export const ROUTES = ['outgoing-document', 'incoming-document', 'task-tracking'];

const initialFilters: InboxFilters = {
  scope: 'all',
  state: 'open',
  urgency: '',
  overdue: false,
  route: '',
  text: '',
};

/** Builds the GET /api/tasks query of a page of tasks. */
export function tasksQuery(filters: InboxFilters, cursor?: string): string {
  const query = new URLSearchParams({
    scope: filters.scope,
    state: filters.state,
    limit: String(PAGE_SIZE),
  });
  if (filters.urgency) query.set('urgency', filters.urgency);
  if (filters.overdue) query.set('overdue', 'true');
  if (filters.route) query.set('route', filters.route);
  if (filters.text.trim()) query.set('text', filters.text.trim());
  if (cursor) query.set('cursor', cursor);
  return `/api/tasks?${query.toString()}`;
}

export function InboxPage(props: { profile: Profile }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState(initialFilters);
  const [items, setItems] = useState<TaskSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>(undefined);

  const load = async (cursor?: string) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await getJson<TaskPage>(tasksQuery(filters, cursor));
      setItems((previous) => (cursor ? [...previous, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (reason) {
      if (!(reason instanceof SessionEndedError)) setError(reason as Error);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load();
  }, [filters]);

  return (
    <section class="inbox">
      <div class="page-head">
        <h1 class="page-title">{t('navInbox')}</h1>
        <CreateLinks roles={props.profile.roles} />
      </div>
      <Filters value={filters} onChange={setFilters} />
      {error && <ErrorMessage error={error} onRetry={() => void load()} />}
      <ul class="task-list" data-testid="task-list">
        {items.map((task) => (
          <TaskCard key={task.key} task={task} />
        ))}
      </ul>
      {!loading && !error && items.length === 0 && <p class="status">{t('noTasks')}</p>}
      {loading && <p class="status">{t('loading')}</p>}
      {nextCursor && !loading && (
        <button type="button" class="button secondary wide" onClick={() => void load(nextCursor)}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}

/** Links to the pages that start a route: drafting for specialists, receiving for clerks. */
function CreateLinks(props: { roles: string[] }) {
  const { t } = useI18n();
  return (
    <div class="create-links">
      {props.roles.includes('specialist') && (
        <a
          href={hrefOf({ page: 'new-outgoing' })}
          class="button primary link-button"
          data-testid="new-outgoing-link"
        >
          + {t('newOutgoing')}
        </a>
      )}
      {props.roles.includes('clerk') && (
        <a
          href={hrefOf({ page: 'receive-incoming' })}
          class="button primary link-button"
          data-testid="receive-incoming-link"
        >
          {t('receiveIncoming')}
        </a>
      )}
    </div>
  );
}

function TaskCard(props: { task: TaskSummary }) {
  const { t } = useI18n();
  const { task } = props;
  const document = task.document;
  return (
    <li class="task-card" data-task-key={task.key}>
      <a href={hrefOf({ page: 'task', key: task.key })} class="task-link">
        <span class="task-subject">{document?.subject ?? task.name ?? task.elementId}</span>
        <span class="task-meta">
          <span class="task-name">{task.name ?? task.elementId}</span>
          {document && documentCode(document) && <span>{documentCode(document)}</span>}
          <span>{translateOptional(t, `route.${task.bpmnProcessId}`, task.bpmnProcessId)}</span>
          <span>{task.assignee?.fullName ?? t('unassigned')}</span>
        </span>
        <span class="badges">
          <UrgencyBadge urgency={document?.urgency} />
          <SecrecyBadge secrecy={document?.secrecy} />
          <DueBadge dueAt={task.dueAt} overdue={task.overdue} open={task.state === 'open'} />
        </span>
      </a>
    </li>
  );
}

function Filters(props: { value: InboxFilters; onChange: (value: InboxFilters) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(props.value.text);
  const change = (patch: Partial<InboxFilters>) => props.onChange({ ...props.value, ...patch });
  return (
    <form
      class="filters"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        change({ text });
      }}
    >
      <details class="filter-box" open={matchMedia('(min-width: 700px)').matches}>
        <summary>{t('filters')}</summary>
        <div class="filter-grid">
          <label class="field">
            <span>{t('filterScope')}</span>
            <select
              name="scope"
              value={props.value.scope}
              onChange={(event) =>
                change({ scope: event.currentTarget.value as InboxFilters['scope'] })
              }
            >
              <option value="all">{t('scopeAll')}</option>
              <option value="mine">{t('scopeMine')}</option>
              <option value="groups">{t('scopeGroups')}</option>
            </select>
          </label>
          <label class="field">
            <span>{t('filterState')}</span>
            <select
              name="state"
              value={props.value.state}
              onChange={(event) =>
                change({ state: event.currentTarget.value as InboxFilters['state'] })
              }
            >
              <option value="open">{t('stateOpen')}</option>
              <option value="completed">{t('stateCompleted')}</option>
            </select>
          </label>
          <label class="field">
            <span>{t('filterUrgency')}</span>
            <select
              name="urgency"
              value={props.value.urgency}
              onChange={(event) => change({ urgency: event.currentTarget.value })}
            >
              <option value="">{t('urgencyAny')}</option>
              <option value="1">{t('urgency1')}</option>
              <option value="2">{t('urgency2')}</option>
              <option value="3,4">{t('urgency3')}</option>
            </select>
          </label>
          <label class="field">
            <span>{t('filterRoute')}</span>
            <select
              name="route"
              value={props.value.route}
              onChange={(event) => change({ route: event.currentTarget.value })}
            >
              <option value="">{t('routeAny')}</option>
              {ROUTES.map((route) => (
                <option key={route} value={route}>
                  {translateOptional(t, `route.${route}`, route)}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="overdue"
              checked={props.value.overdue}
              onChange={(event) => change({ overdue: event.currentTarget.checked })}
            />
            <span>{t('filterOverdue')}</span>
          </label>
        </div>
      </details>
      <div class="search-row">
        <label class="field grow">
          <span class="visually-hidden">{t('filterText')}</span>
          <input
            type="search"
            name="text"
            placeholder={t('filterText')}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button secondary">
          {t('search')}
        </button>
      </div>
    </form>
  );
}
