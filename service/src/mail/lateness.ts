export type MailLocale = 'vi' | 'en';

/**
 * Describes how late a task is from the office time past its due instant: whole working days
 * when at least one office day late, else whole working hours, else minutes, and "due now" under
 * one minute. Partial units are dropped, so 1 day and 5 hours late reads as 1 working day. With
 * `elapsed`, `lateMs` is wall-clock time, days are 24 hours and the words drop "working".
 */
export function describeLateness(
  lateMs: number,
  workingDayMs: number,
  locale: MailLocale,
  elapsed = false,
): string {
  const minutes = Math.floor(lateMs / 60_000);
  if (minutes < 1) return locale === 'vi' ? 'đã đến hạn' : 'due now';
  const dayMs = elapsed ? 86_400_000 : workingDayMs;
  const [count, unit] =
    lateMs >= dayMs
      ? [Math.floor(lateMs / dayMs), 'day' as const]
      : minutes >= 60
        ? [Math.floor(minutes / 60), 'hour' as const]
        : [Math.max(minutes, 0), 'minute' as const];
  if (locale === 'vi') {
    const suffix = elapsed ? '' : ' làm việc';
    const words = { day: 'ngày', hour: 'giờ', minute: 'phút' };
    return `quá hạn ${count} ${words[unit]}${suffix}`;
  }
  const prefix = elapsed ? '' : 'working ';
  return `${count} ${prefix}${unit}${count === 1 ? '' : 's'} overdue`;
}

/** Formats an instant as `dd/MM/yyyy HH:mm` in Vietnam time (UTC+7). */
export function formatVietnamDateTime(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3_600_000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** Escapes the five characters with meaning in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
