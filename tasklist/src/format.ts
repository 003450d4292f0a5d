import type { Language, Translate } from './i18n/index.js';

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  return new Date(value).toLocaleString(locales[language], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDate(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  return new Date(value).toLocaleDateString(locales[language], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}

/** Formats a duration in milliseconds as days and hours, hours and minutes, or minutes. */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return t('durationDays', { days, hours: hours % 24 });
  if (hours > 0) return t('durationHours', { hours, minutes: minutes % 60 });
  return t('durationMinutes', { minutes });
}

/** Returns true when `value` falls on the same calendar day as `now` in the browser's zone. */
export function isSameDay(value: Date, now: Date): boolean {
  return (
    value.getFullYear() === now.getFullYear() &&
    value.getMonth() === now.getMonth() &&
    value.getDate() === now.getDate()
  );
}

/** Returns `a | b`, the document number and notation as printed on Vietnamese documents. */
export function documentCode(document: {
  codeNumber: string | number | null;
  codeNotation: string | null;
}): string {
  if (document.codeNumber === null || document.codeNumber === undefined) {
    return document.codeNotation ?? '';
  }
  return document.codeNotation
    ? `${document.codeNumber}/${document.codeNotation}`
    : String(document.codeNumber);
}
