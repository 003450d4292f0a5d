import { documentCode, formatDate, formatDateTime } from '../format.js';
import { translateOptional, useI18n } from '../i18n/index.js';
import type { TaskComment, TaskDetail } from '../types.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Number and notation, type, issuer, issue date, assignee and due date of the task's document. */
export function DocumentInfo(props: { task: TaskDetail }) {
  const { t, language } = useI18n();
  const document = props.task.document!;
  const rows: [string, string | undefined][] = [
    [t('codeNumber'), documentCode(document) || undefined],
    [t('documentType'), text(document.typeName) ?? document.typeCode],
    [t('issuer'), text(document.organName)],
    [t('issuedOn'), formatDate(text(document.issuedDate), language)],
    [t('signer'), text(document.signerFullName)],
    [t('arrivalDate'), formatDate(text(document.arrivalDate), language)],
    [t('assignee'), props.task.assignee?.fullName ?? t('unassigned')],
    [t('dueAt'), formatDateTime(props.task.dueAt, language)],
  ];
  return (
    <section class="card">
      <h2>{t('documentSection')}</h2>
      <dl class="metadata" data-testid="document-metadata">
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label} class="metadata-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

export function EarlierComments(props: { comments: TaskComment[] }) {
  const { t, language } = useI18n();
  if (props.comments.length === 0) return <p class="status">{t('noComments')}</p>;
  return (
    <ul class="comments" data-testid="comments">
      {props.comments.map((comment, index) => (
        <li key={index} class="comment">
          <div class="comment-head">
            <strong>{comment.authorName ?? ''}</strong>
            <span>{comment.taskName ?? ''}</span>
            <span>{formatDateTime(comment.at, language)}</span>
          </div>
          {comment.decision && (
            <span class="comment-decision">
              {translateOptional(t, `decision.${comment.decision}`, comment.decision)}
            </span>
          )}
          {comment.comment && <p>{comment.comment}</p>}
        </li>
      ))}
    </ul>
  );
}
