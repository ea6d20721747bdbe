/** Row batches to CSV or NDJSON bytes in one pass: one buffer per batch, numbers written as digits, each distinct string encoded once. */

export type RowFormat = 'csv' | 'ndjson';

/** Characters that make a CSV cell quoted. */
const CSV_SPECIAL = /[",\n\r]/;

/** A CSV cell of a string: quoted, with `"` doubled, when it holds `"`, `,`, CR or LF; else as it is. */
function csvString(s: string): string {
  return CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The bytes of a cell that is not a number, or null for an NDJSON member JSON.stringify would
 * leave out (a function or symbol value). CSV: empty for null/undefined, else `String(v)` quoted
 * as {@link csvString}. NDJSON: the value as JSON.stringify writes it inside an object, undefined as null.
 */
function cellBytes(v: unknown, format: RowFormat): Uint8Array | null {
  if (format === 'csv') return Buffer.from(v === null || v === undefined ? '' : csvString(String(v)), 'utf8');
  const json = v === undefined ? 'null' : (JSON.stringify(v) as string | undefined);
  return json === undefined ? null : Buffer.from(json, 'utf8');
}

const NULL = Buffer.from('null');
const [COMMA, LF, OPEN, CLOSE, DOT, MINUS, ZERO] = [0x2c, 0x0a, 0x7b, 0x7d, 0x2e, 0x2d, 0x30];

/** 10^0 … 10^16: digit counts of integers below 2^53, and the scales of decimal fractions of up to 8 places. */
const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i);

/** Fraction digits tried before a number is left to String(): prices, greeks and ratios carry at most this many. */
const MAX_PLACES = 8;

/**
 * Below this, `|v| * 10^d` and its rounding are exact enough that the digits found are those of
 * the shortest decimal that reads back as `v` (see {@link ByteWriter.number}).
 */
const EXACT_SCALED = 2 ** 48;

/** A growing byte buffer that cells are written into. */
class ByteWriter {
  private buf: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 256));
  }

  /** Room for `n` more bytes. */
  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  bytes(src: Uint8Array): void {
    this.reserve(src.length);
    if (src.length > 64) this.buf.set(src, this.length);
    else for (let i = 0; i < src.length; i++) this.buf[this.length + i] = src[i]!;
    this.length += src.length;
  }

  /** The digits of `n`, an integer in [0, 2^53), exactly `width` of them (zero-padded) when given. */
  private digits(n: number, width = 0): void {
    let count = 1;
    while (count < 16 && n >= POW10[count]!) count++;
    if (width > count) count = width;
    this.reserve(count);
    for (let i = this.length + count - 1; i >= this.length; i--) {
      const q = Math.floor(n / 10);
      this.buf[i] = ZERO + (n - q * 10);
      n = q;
    }
    this.length += count;
  }

  /**
   * `String(v)` of a number, written without making the string where that is exact: integers
   * below 2^53, and values in [1e-6, 1e9) that have at most {@link MAX_PLACES} fraction digits.
   * For those, the first d with `round(|v|·10^d) / 10^d === |v|` gives the shortest decimal that
   * reads back as v: while `|v|·10^d < 2^48` the scaled product is off by far less than ½ and
   * decimals 10^-d apart cannot both round to v, so that decimal is the one String() prints (no
   * exponent in this range; no trailing zero, or a smaller d would have matched). Anything else
   * is written as String() prints it.
   */
  number(v: number): void {
    const a = v < 0 ? -v : v;
    if (Number.isInteger(v) && a < 2 ** 53) {
      if (v < 0) this.byte(MINUS); // -0 prints as 0, like String(-0)
      this.digits(a);
      return;
    }
    if (a >= 1e-6 && a < 1e9) {
      for (let d = 1; d <= MAX_PLACES; d++) {
        const scale = POW10[d]!;
        const scaled = a * scale;
        if (scaled >= EXACT_SCALED) break;
        const k = Math.round(scaled);
        if (k / scale !== a) continue;
        const whole = Math.floor(a);
        if (v < 0) this.byte(MINUS);
        this.digits(whole);
        this.byte(DOT);
        this.digits(k - whole * scale, d);
        return;
      }
    }
    const text = String(v); // ASCII: digits, sign, point, exponent, Infinity, NaN
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.buf[this.length++] = text.charCodeAt(i);
  }

  result(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Serialise `rows` in the declared column order, each row one line ending in LF; a CSV header line
 * (the column names joined by commas) first when `withHeader`. The bytes are those of formatting
 * every cell on its own (CSV: `String(v)`, RFC 4180 quoting of `"`, `,`, CR and LF; NDJSON:
 * JSON.stringify of the row's columns, a missing one as null), but written into one buffer with no
 * string per cell: numbers go in as digits, each distinct string is quoted and encoded once per
 * batch, and a cell equal to the one above it reuses its bytes. NDJSON keys are in column order
 * (column names are never array indices). Pure.
 */
export function serializeRows(columns: readonly string[], rows: readonly Record<string, unknown>[], format: RowFormat, withHeader: boolean): Buffer {
  const csv = format === 'csv';
  const out = new ByteWriter(rows.length * columns.length * 10);
  if (csv && withHeader) {
    out.bytes(Buffer.from(columns.join(','), 'utf8'));
    out.byte(LF);
  }
  // NDJSON cells carry their key: `"name":value`
  const keys = columns.map((c) => Buffer.from(csv ? '' : `${JSON.stringify(c)}:`, 'utf8'));
  /** Bytes of each distinct primitive that is not a number, for this batch. */
  const encoded = new Map<unknown, Uint8Array | null>();
  const above: unknown[] = columns.map(() => NaN); // NaN equals nothing: no cell above yet
  const aboveBytes: (Uint8Array | null)[] = columns.map(() => null);
  for (const row of rows) {
    if (!csv) out.byte(OPEN);
    let first = true;
    for (let i = 0; i < columns.length; i++) {
      const v = row[columns[i]!];
      let cell: Uint8Array | null;
      if (typeof v === 'number') {
        if (csv || Number.isFinite(v)) {
          if (!first) out.byte(COMMA);
          first = false;
          if (!csv) out.bytes(keys[i]!);
          out.number(v);
          continue;
        }
        cell = NULL;
      } else if (v === above[i]) cell = aboveBytes[i]!;
      else if (v !== null && (typeof v === 'object' || typeof v === 'function')) cell = cellBytes(v, format); // may change between rows
      else {
        let known = encoded.get(v);
        if (known === undefined) encoded.set(v, (known = cellBytes(v, format)));
        cell = known;
        above[i] = v;
        aboveBytes[i] = cell;
      }
      if (cell === null) continue; // an NDJSON member JSON leaves out
      if (!first) out.byte(COMMA);
      first = false;
      if (!csv) out.bytes(keys[i]!);
      out.bytes(cell);
    }
    if (!csv) out.byte(CLOSE);
    out.byte(LF);
  }
  return out.result();
}
