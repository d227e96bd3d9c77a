/**
 * CSV per RFC 4180: CRLF line ends, a header row, fields with a comma, quote or line break quoted
 * and their quotes doubled. A text cell starting with =, +, - or @ gets a leading single quote, so
 * a spreadsheet shows it rather than running it as a formula (CSV injection: subjects and notes
 * are written by requesters and agents). Numbers are written as they are.
 */
export type Cell = string | number | boolean | null;

export interface Table {
  columns: string[];
  rows: Cell[][];
}

const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(table: Table): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
