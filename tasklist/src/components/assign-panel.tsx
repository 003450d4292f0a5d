import { useState } from 'preact/hooks';
import { getJson } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { OrgUser, Profile, TaskDetail } from '../types.js';
import { useLoader } from '../use-loader.js';

/**
 * Picks the person to delegate or forward a task to. Delegation may go to anyone active in the
 * caller's agency, and forwarding only to someone of the caller's unit, with a required reason.
 */
export function AssignPanel(props: {
  kind: 'delegate' | 'forward';
  task: TaskDetail;
  profile: Profile;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (path: string, body: Record<string, string>) => void;
}) {
  const { t } = useI18n();
  const [toUserId, setToUserId] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const forward = props.kind === 'forward';
  const scope = forward
    ? `unitId=${encodeURIComponent(props.profile.unitId)}`
    : `organId=${encodeURIComponent(props.profile.organId)}`;
  const users = useLoader(() => getJson<OrgUser[]>(`/api/org/users?${scope}`), [scope]);
  const others = (users.data ?? []).filter(
    (user) => user.id !== props.profile.id && user.active !== false,
  );

  const submit = (event: Event) => {
    event.preventDefault();
    if (!toUserId) return setProblem(t('userRequired'));
    if (forward && !note.trim()) return setProblem(t('reasonRequired'));
    setProblem(undefined);
    const key = encodeURIComponent(props.task.key);
    if (forward) props.onSubmit(`/api/tasks/${key}/forwarding`, { toUserId, reason: note.trim() });
    else {
      const body: Record<string, string> = { toUserId };
      if (note.trim()) body.comment = note.trim();
      props.onSubmit(`/api/tasks/${key}/delegation`, body);
    }
  };

  return (
    <form class="card assign-panel" onSubmit={submit} data-testid={`${props.kind}-panel`}>
      <h2>{t(forward ? 'action.forward' : 'action.delegate')}</h2>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {users.error && (
        <p class="error" role="alert">
          {users.error.message}
        </p>
      )}
      {users.data && others.length === 0 && <p class="notice">{t('noOtherUsers')}</p>}
      <label class="field">
        <span>{t('chooseUser')}</span>
        <select
          name="toUserId"
          value={toUserId}
          onChange={(event) => setToUserId(event.currentTarget.value)}
        >
          <option value="" />
          {others.map((user) => (
            <option key={user.id} value={user.id}>
              {user.fullName}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{forward ? `${t('reason')} *` : t('comment')}</span>
        <textarea
          name={forward ? 'reason' : 'comment'}
          rows={2}
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
      </label>
      <div class="panel-buttons">
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
        <button type="submit" class="button primary" disabled={props.busy}>
          {t('send')}
        </button>
      </div>
    </form>
  );
}
