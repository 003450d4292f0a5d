import type { RegisterTable } from './register-table.js';

/** UTF-8 byte order mark: without it Excel reads the file as ANSI and garbles Vietnamese. */
const BOM = '\uFEFF';

/**
 * Writes a register as CSV (RFC 4180): UTF-8 with a byte order mark, CRLF line ends, the
 * column headings first, and fields quoted when they contain a comma, quote or line break.
 */
export function registerToCsv(table: RegisterTable): Buffer {
  const lines = [table.columns, ...table.rows].map((cells) => cells.map(csvField).join(','));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/**
 * Quotes a field when needed. A field that starts with =, +, -, @ or a tab gets a leading
 * apostrophe, so that a spreadsheet shows it as text instead of running it as a formula.
 */
function csvField(raw: string): string {
  const value = /^[=+\-@\t]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
