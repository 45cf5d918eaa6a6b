// CSV as spreadsheets open it: RFC 4180 quoting, CRLF line ends, a byte-order mark so that Excel reads
// Chinese as UTF-8, and cells that would start a formula defused.

type Cell = string | number | null | undefined;

// A reader's question that starts with = + - @ would run as a formula when the owner opens the file.
const FORMULA_START = /^[=+\-@\t\r]/u;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** @example toCsv(['a', 'b'], [[1, 'x,y']]) === '\uFEFFa,b\r\n1,"x,y"\r\n' */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
