import { useState } from 'preact/hooks';
import { getJson } from '../api.js';
import { DueBadge, SecrecyBadge, UrgencyBadge } from '../components/badges.js';
import { DocumentInfo, EarlierComments } from '../components/document-info.js';
import { ErrorMessage } from '../components/error-message.js';
import { PdfViewer } from '../components/pdf-viewer.js';
import { TaskActions } from '../components/task-actions.js';
import { Timeline } from '../components/timeline.js';
import { useI18n } from '../i18n/index.js';
import type { Profile, TaskDetail } from '../types.js';
import { useLoader } from '../use-loader.js';

export function TaskPage(props: { taskKey: string; profile: Profile }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const task = useLoader(
    () => getJson<TaskDetail>(`/api/tasks/${encodeURIComponent(props.taskKey)}`),
    [props.taskKey, version],
  );
  if (task.error) return <ErrorMessage error={task.error} onRetry={task.reload} />;
  if (!task.data) return <p class="status">{t('loading')}</p>;
  const detail = task.data;
  const changed = () => setVersion((value) => value + 1);
  return (
    <article class="task-detail" data-task-key={detail.key} data-state={detail.state}>
      <a href="#/" class="back-link">
        ← {t('back')}
      </a>
      <h1 class="page-title">{detail.document?.subject ?? detail.name ?? detail.elementId}</h1>
      <p class="task-name">{detail.name ?? detail.elementId}</p>
      <div class="badges">
        <UrgencyBadge urgency={detail.document?.urgency} />
        <SecrecyBadge secrecy={detail.document?.secrecy} />
        <DueBadge dueAt={detail.dueAt} overdue={detail.overdue} open={detail.state === 'open'} />
      </div>
      <Files task={detail} />
      {detail.document && <DocumentInfo task={detail} />}
      <section class="card">
        <h2>{t('commentsSection')}</h2>
        <EarlierComments comments={detail.comments} />
      </section>
      {detail.documentId && (
        <section class="card">
          <h2>{t('timelineSection')}</h2>
          <Timeline documentId={detail.documentId} version={version} />
        </section>
      )}
      <TaskActions task={detail} profile={props.profile} onChanged={changed} />
    </article>
  );
}

/** Shows the chosen file in the PDF viewer, with a picker when the document has several files. */
function Files(props: { task: TaskDetail }) {
  const { t } = useI18n();
  const files = props.task.files;
  // The newest version comes last and is shown first.
  const [index, setIndex] = useState(files.length - 1);
  if (props.task.documentWithheld) return <p class="notice">{t('documentWithheld')}</p>;
  if (files.length === 0) return <p class="notice">{t('noFile')}</p>;
  const file = files[Math.min(index, files.length - 1)]!;
  return (
    <section class="card pdf-card">
      {files.length > 1 && (
        <label class="field">
          <span>{t('fileLabel')}</span>
          <select
            value={String(index)}
            onChange={(event) => setIndex(Number(event.currentTarget.value))}
          >
            {files.map((item, position) => (
              <option key={item.contentUrl} value={String(position)}>
                {item.name} (v{item.version})
              </option>
            ))}
          </select>
        </label>
      )}
      <PdfViewer url={file.contentUrl} />
    </section>
  );
}
