/** Row batches to CSV or NDJSON bytes in one pass: one buffer per batch, each distinct cell formatted once. */

export type RowFormat = 'csv' | 'ndjson';

/** Characters that make a CSV cell quoted. */
const CSV_SPECIAL = /[",\n\r]/;

/** A CSV cell of a string: quoted, with `"` doubled, when it holds `"`, `,`, CR or LF; else as it is. */
function csvString(s: string): string {
  return CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The text of one cell, or undefined for an NDJSON member that JSON.stringify would leave out (a
 * function or symbol value). CSV: empty for null/undefined, else `String(v)` quoted as
 * {@link csvString}. NDJSON: the value as JSON.stringify writes it inside an object, undefined as null.
 */
function formatCell(v: unknown, format: RowFormat, strings: Map<string, string>): string | undefined {
  if (typeof v === 'number') return format === 'csv' || Number.isFinite(v) ? String(v) : 'null';
  if (v === null || v === undefined) return format === 'csv' ? '' : 'null';
  if (typeof v !== 'string') return format === 'csv' ? csvString(String(v)) : JSON.stringify(v);
  let cell = strings.get(v);
  if (cell === undefined) {
    cell = format === 'csv' ? csvString(v) : JSON.stringify(v);
    strings.set(v, cell);
  }
  return cell;
}

/** Marks a column with no cell above yet. */
const NONE = Symbol('none');

/** A growing byte buffer that lines are written into as UTF-8, each followed by LF. */
class LineBuffer {
  private buf: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 256));
  }

  pushLine(text: string): void {
    const most = text.length * 3 + 1; // UTF-8 bytes per UTF-16 code unit at most, and the LF
    if (this.length + most > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + most));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.length += this.buf.write(text, this.length, 'utf8');
    this.buf[this.length++] = 0x0a;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Serialise `rows` in the declared column order, each row one line ending in LF; a CSV header line
 * (the column names joined by commas) first when `withHeader`. The bytes are those of formatting
 * every cell on its own (CSV: RFC 4180 quoting of `"`, `,`, CR and LF; NDJSON: JSON.stringify of
 * the row's columns, a missing one as null), but made in one buffer: a cell equal to the one above
 * it reuses its text, each distinct string is checked for quoting once per batch, and each line is
 * joined from its cells at once (no intermediate strings per cell). NDJSON keys are in column
 * order (column names are never array indices). Pure.
 */
export function serializeRows(columns: readonly string[], rows: readonly Record<string, unknown>[], format: RowFormat, withHeader: boolean): Buffer {
  const out = new LineBuffer(rows.length * columns.length * 12);
  if (format === 'csv' && withHeader) out.pushLine(columns.join(','));
  // NDJSON cells carry their key: `"name":value`
  const keys = columns.map((c) => (format === 'csv' ? '' : `${JSON.stringify(c)}:`));
  const above: unknown[] = columns.map(() => NONE);
  const aboveCell: (string | undefined)[] = columns.map(() => undefined);
  const strings = new Map<string, string>();
  const cells = new Array<string>(columns.length);
  for (const row of rows) {
    let n = 0;
    for (let i = 0; i < columns.length; i++) {
      const v = row[columns[i] as string];
      let cell: string | undefined;
      if (v === above[i]) cell = aboveCell[i];
      else {
        cell = formatCell(v, format, strings);
        if (cell !== undefined && format === 'ndjson') cell = keys[i] + cell;
        above[i] = v;
        aboveCell[i] = cell;
      }
      if (cell !== undefined) cells[n++] = cell;
    }
    cells.length = n; // shorter only when an NDJSON member was left out
    out.pushLine(format === 'csv' ? cells.join(',') : `{${cells.join(',')}}`);
  }
  return out.bytes();
}
