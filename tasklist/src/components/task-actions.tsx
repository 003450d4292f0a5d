import { useEffect, useRef, useState } from 'preact/hooks';
import { postJson, SessionEndedError } from '../api.js';
import { translateOptional, useI18n, type Translate } from '../i18n/index.js';
import type { Profile, TaskAction, TaskDetail } from '../types.js';
import { AssignPanel } from './assign-panel.js';
import { FormFields, missingField, type FieldValues } from './form-fields.js';

/** Decisions that need a comment when the form lists none, so that the receiver learns why. */
const DECISIONS_NEEDING_COMMENT = ['return'];

/** Returns the label of a decision button. Approving a signing step is labelled Ký số (Sign). */
export function decisionLabel(t: Translate, task: TaskDetail, decision: string): string {
  if (decision === 'approve' && /sign/i.test(task.elementId)) return t('signApprove');
  return translateOptional(t, `decision.${decision}`, decision);
}

interface Feedback {
  kind: 'success' | 'error';
  message: string;
}

/**
 * Renders the completion form (comment and the form's fields), the claim, delegate and forward
 * actions, and the sticky bar of decision buttons. A decision button completes the task in one
 * request, and the server claims it first when it has no assignee.
 */
export function TaskActions(props: { task: TaskDetail; profile: Profile; onChanged: () => void }) {
  const { t } = useI18n();
  const { task } = props;
  const [comment, setComment] = useState('');
  const [values, setValues] = useState<FieldValues>({});
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | undefined>(undefined);
  const [panel, setPanel] = useState<'delegate' | 'forward' | undefined>(undefined);
  const feedbackElement = useRef<HTMLParagraphElement>(null);
  // On a phone the message appears below the fold, away from the button that was tapped.
  useEffect(() => feedbackElement.current?.scrollIntoView({ block: 'center' }), [feedback]);
  const can = (action: TaskAction) => task.state === 'open' && task.actions.includes(action);
  // NOTE: fields of type unit-deadlines (a deadline per unit) have no input yet, so the units
  // directed from the task list share the handling and support deadlines.
  const fields = task.form.fields.filter((field) => field.type !== 'unit-deadlines');

  const run = async (action: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setFeedback(undefined);
    try {
      await action();
      setFeedback({ kind: 'success', message: success });
      setPanel(undefined);
      props.onChanged();
    } catch (error) {
      if (error instanceof SessionEndedError) return;
      setFeedback({ kind: 'error', message: (error as Error).message || t('networkError') });
    } finally {
      setBusy(false);
    }
  };

  const complete = (decision: string | undefined) => {
    const label = decision ? decisionLabel(t, task, decision) : t('complete');
    const needsComment =
      decision !== undefined &&
      (task.form.commentRequiredFor ?? DECISIONS_NEEDING_COMMENT).includes(decision);
    if (needsComment && !comment.trim()) {
      setFeedback({ kind: 'error', message: t('commentRequired', { action: label }) });
      document.getElementById('task-comment')?.focus();
      return;
    }
    const missing = missingField(fields, values);
    if (missing) {
      setFeedback({ kind: 'error', message: t('fieldRequired', { field: missing }) });
      return;
    }
    const body = {
      ...(decision ? { decision } : {}),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      ...(fields.length > 0 ? { variables: values } : {}),
    };
    void run(
      () => postJson(`/api/tasks/${encodeURIComponent(task.key)}/completion`, body),
      t('completed', { action: label }),
    );
  };

  const simple = (
    action: 'claim' | 'unclaim' | 'take-back',
    key: Exclude<TaskAction, 'complete'>,
  ) =>
    run(
      () => postJson(`/api/tasks/${encodeURIComponent(task.key)}/${action}`),
      t('completed', { action: t(`action.${key}`) }),
    );

  return (
    <>
      {feedback && (
        <p
          ref={feedbackElement}
          class={feedback.kind === 'success' ? 'notice success' : 'error'}
          role={feedback.kind === 'success' ? 'status' : 'alert'}
          data-testid="action-feedback"
        >
          {feedback.message}
        </p>
      )}
      {task.state !== 'open' && <p class="notice">{t('taskClosed')}</p>}
      {can('complete') && (
        <section class="card complete-form">
          <FormFields
            fields={fields}
            values={values}
            onChange={setValues}
            profile={props.profile}
          />
          <label class="field">
            <span>{t('comment')}</span>
            <textarea
              id="task-comment"
              name="comment"
              rows={3}
              placeholder={t('commentPlaceholder')}
              value={comment}
              onInput={(event) => setComment(event.currentTarget.value)}
            />
          </label>
        </section>
      )}
      <div class="secondary-actions">
        {can('claim') && (
          <button
            type="button"
            class="button secondary"
            disabled={busy}
            onClick={() => simple('claim', 'claim')}
          >
            {t('action.claim')}
          </button>
        )}
        {can('unclaim') && (
          <button
            type="button"
            class="button secondary"
            disabled={busy}
            onClick={() => simple('unclaim', 'unclaim')}
          >
            {t('action.unclaim')}
          </button>
        )}
        {can('takeBack') && (
          <button
            type="button"
            class="button secondary"
            disabled={busy}
            onClick={() => simple('take-back', 'takeBack')}
          >
            {t('action.takeBack')}
          </button>
        )}
        {can('delegate') && (
          <button
            type="button"
            class="button secondary"
            disabled={busy}
            onClick={() => setPanel('delegate')}
          >
            {t('action.delegate')}
          </button>
        )}
        {can('forward') && (
          <button
            type="button"
            class="button secondary"
            disabled={busy}
            onClick={() => setPanel('forward')}
          >
            {t('action.forward')}
          </button>
        )}
      </div>
      {panel && (
        <AssignPanel
          kind={panel}
          task={task}
          profile={props.profile}
          busy={busy}
          onCancel={() => setPanel(undefined)}
          onSubmit={(path, body) =>
            run(() => postJson(path, body), t('completed', { action: t(`action.${panel}`) }))
          }
        />
      )}
      {can('complete') && (
        <div class="action-bar" data-testid="action-bar">
          {(task.form.decisions.length > 0 ? task.form.decisions : [undefined]).map((decision) => (
            <button
              key={decision ?? 'complete'}
              type="button"
              class={`button decision decision-${decision ?? 'complete'}`}
              data-decision={decision ?? ''}
              disabled={busy}
              onClick={() => complete(decision)}
            >
              {decision ? decisionLabel(t, task, decision) : t('complete')}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
