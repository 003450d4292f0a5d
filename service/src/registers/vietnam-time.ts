/** Vietnam time is UTC+7 all year: the country has kept no daylight saving time since 1975. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Returns the calendar date `YYYY-MM-DD` in Vietnam at `instant`. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Returns the year in Vietnam at `instant`, which turns over at 17:00 UTC on 31 December. */
export function vietnamYear(instant: Date): number {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/** Formats a `YYYY-MM-DD` date as the `dd/mm/yyyy` that Vietnamese registers print. */
export function formatVietnameseDate(isoDate: string | null): string {
  if (!isoDate) return '';
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}
