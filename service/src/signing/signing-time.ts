const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Formats `date` as ISO 8601 in Vietnam time (UTC+07:00, no daylight saving), to the second. */
export function formatVietnamTime(date: Date): string {
  const shifted = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return `${shifted.toISOString().slice(0, 19)}+07:00`;
}

/** Formats `date` as a PDF date string (ISO 32000-2, 7.9.4) in Vietnam time. */
export function formatPdfDate(date: Date): string {
  const digits = formatVietnamTime(date).slice(0, 19).replace(/[-T:]/g, '');
  return `D:${digits}+07'00'`;
}

/** Parses a PDF date string such as `D:20261204153000+07'00'`; returns undefined if malformed. */
export function parsePdfDate(value: string): Date | undefined {
  const match =
    /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(value);
  if (!match) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00'] = match;
  const sign = match[7] === '-' ? -1 : 1;
  const offsetMinutes =
    match[7] && !/[Zz]/.test(match[7])
      ? sign * (Number(match[8] ?? 0) * 60 + Number(match[9] ?? 0))
      : 0;
  const utc = Date.UTC(+year!, +month - 1, +day, +hour, +minute, +second) - offsetMinutes * 60_000;
  return new Date(utc);
}
