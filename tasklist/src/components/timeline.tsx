import { getJson } from '../api.js';
import { formatDateTime, formatDuration } from '../format.js';
import { translateOptional, useI18n } from '../i18n/index.js';
import { useLoader } from '../use-loader.js';
import type { DocumentPath, UserTaskStep } from '../types.js';

/**
 * Shows the path of a document through its routes: who held each user task, when it arrived and left,
 * the time spent, lateness, decision and comment. Automatic steps are left out, because staff act
 * on user tasks only. `version` changes after an action, so that the path is read again.
 */
export function Timeline(props: { documentId: string; version: number }) {
  const { t } = useI18n();
  const path = useLoader(
    () => getJson<DocumentPath>(`/api/tracking/documents/${encodeURIComponent(props.documentId)}`),
    [props.documentId, props.version],
  );
  if (path.error) {
    return <p class="notice">{t('timelineUnavailable', { reason: path.error.message })}</p>;
  }
  if (!path.data) return <p class="status">{t('loading')}</p>;
  const steps = path.data.instances.flatMap((instance) =>
    instance.steps.filter((step): step is UserTaskStep => step.kind === 'user-task'),
  );
  if (steps.length === 0) return <p class="status">{t('timelineEmpty')}</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {steps.map((step) => (
        <TimelineStep key={step.taskKey} step={step} />
      ))}
    </ol>
  );
}

function TimelineStep(props: { step: UserTaskStep }) {
  const { t, language } = useI18n();
  const { step } = props;
  const open = step.leftAt === null;
  return (
    <li
      class={`step ${open ? 'step-open' : 'step-done'}`}
      data-task-key={step.taskKey}
      data-state={step.state}
      data-decision={step.decision ?? ''}
    >
      <div class="step-head">
        <strong>{step.name ?? step.elementId}</strong>
        {open && <span class="badge due-today">{t('stepOpen')}</span>}
        {step.dueAt &&
          (step.late ? (
            <span class="badge due-overdue">{t('stepLate')}</span>
          ) : (
            !open && <span class="badge due">{t('stepOnTime')}</span>
          ))}
      </div>
      <div class="step-meta">
        {step.holder?.fullName && <span>{step.holder.fullName}</span>}
        <span>{formatDateTime(step.arrivedAt, language)}</span>
        {step.leftAt && <span>→ {formatDateTime(step.leftAt, language)}</span>}
        <span>{t('stepSpent', { duration: formatDuration(step.spentMs, t) })}</span>
      </div>
      {step.decision && (
        <div class="step-decision">
          {translateOptional(t, `decision.${step.decision}`, step.decision)}
        </div>
      )}
      {step.comment && <blockquote class="step-comment">{step.comment}</blockquote>}
      {step.events.length > 0 && (
        <ul class="step-events">
          {step.events.map((event, index) => (
            <li key={index}>
              {formatDateTime(event.at, language)} ·{' '}
              {translateOptional(t, `event.${event.kind}`, event.kind)}
              {event.actor?.fullName ? ` · ${event.actor.fullName}` : ''}
              {event.target?.fullName ? ` → ${event.target.fullName}` : ''}
              {event.comment ? ` · ${event.comment}` : ''}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
