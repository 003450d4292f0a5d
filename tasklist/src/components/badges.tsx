import { formatDate, isSameDay } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

const urgencyKeys: Record<number, MessageKey> = {
  1: 'urgency1',
  2: 'urgency2',
  3: 'urgency3',
  4: 'urgency4',
};

const secrecyKeys: Record<string, MessageKey> = {
  mat: 'secrecyMat',
  'toi-mat': 'secrecyToiMat',
  'tuyet-mat': 'secrecyTuyetMat',
};

/** Shows Khẩn, Thượng khẩn or Hỏa tốc, and nothing for an ordinary document. */
export function UrgencyBadge(props: { urgency: number | undefined }) {
  const { t } = useI18n();
  const key = props.urgency === undefined ? undefined : urgencyKeys[props.urgency];
  if (!key) return null;
  return (
    <span class={`badge urgency-${props.urgency}`} data-testid="urgency-badge">
      {t(key)}
    </span>
  );
}

/** Shows Mật, Tối mật or Tuyệt mật, and nothing for a document that is not secret. */
export function SecrecyBadge(props: { secrecy: string | undefined }) {
  const { t } = useI18n();
  const key = props.secrecy === undefined ? undefined : secrecyKeys[props.secrecy];
  if (!key) return null;
  return (
    <span class="badge secrecy" data-testid="secrecy-badge">
      {t(key)}
    </span>
  );
}

/** Shows the due date: red when overdue, amber when due today, plain otherwise. */
export function DueBadge(props: { dueAt: string | null; overdue: boolean; open: boolean }) {
  const { t, language } = useI18n();
  if (!props.dueAt) return null;
  const due = new Date(props.dueAt);
  const now = new Date();
  if (props.open && (props.overdue || due.getTime() < now.getTime())) {
    return (
      <span class="badge due-overdue" data-testid="due-badge">
        {t('overdue')}
      </span>
    );
  }
  if (props.open && isSameDay(due, now)) {
    return (
      <span class="badge due-today" data-testid="due-badge">
        {t('dueToday')}
      </span>
    );
  }
  return (
    <span class="badge due" data-testid="due-badge">
      {t('duePrefix')} {formatDate(props.dueAt, language)}
    </span>
  );
}
