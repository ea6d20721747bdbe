/**
 * The bus's option-row message, `g6.columns/1`: one MessagePack map per index and cycle, rows laid
 * out by column so that no number is formatted as text (JSON spent ~2/3 of the bus's cost on that).
 *
 *   { format: 'g6.columns/1', cycle, timestamp, index, rows: n,
 *     columns: [ { name, type: 'f64', data: bin(n × float64 LE; NaN = null) }
 *              | { name, type: 'dict', values: [string...], codes: bin(n × uint16 LE) } ] }
 *
 * Columns come in {@link OPTION_ROW_COLUMNS} order; a string column's `codes[i]` indexes `values`.
 * Any MessagePack decoder reads it (Python: `numpy.frombuffer(col['data'], '<f8')`).
 */
import { endianness } from 'node:os';
import { OPTION_ROW_COLUMNS, type OptionRow } from '../pipeline/types';

export const ROW_COLUMNS_FORMAT = 'g6.columns/1';

export type EncodedColumn = { name: string; type: 'f64'; data: Uint8Array } | { name: string; type: 'dict'; values: string[]; codes: Uint8Array };

export interface RowColumnsMessage {
  format: typeof ROW_COLUMNS_FORMAT;
  cycle: number;
  timestamp: string;
  index: string;
  rows: number;
  columns: EncodedColumn[];
}

const BIG_ENDIAN = endianness() === 'BE';

/** The bytes of `values` in little-endian order (typed arrays are in the platform's order). */
function littleEndian(values: Uint16Array | Float64Array, swap: 'swap16' | 'swap64'): Buffer {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return BIG_ENDIAN ? bytes[swap]() : bytes;
}

/**
 * One reader per column. A read through a column-specific function is a monomorphic property load;
 * `row[name]` with a changing `name` is a generic lookup, and was half the encoding cost.
 */
const READ: { [K in keyof OptionRow]: (r: OptionRow) => OptionRow[K] } = {
  timestamp: (r) => r.timestamp,
  date: (r) => r.date,
  index: (r) => r.index,
  exchange: (r) => r.exchange,
  expiry: (r) => r.expiry,
  expiry_rule: (r) => r.expiry_rule,
  dte_days: (r) => r.dte_days,
  strike: (r) => r.strike,
  type: (r) => r.type,
  spot: (r) => r.spot,
  atm: (r) => r.atm,
  mny: (r) => r.mny,
  ltp: (r) => r.ltp,
  bid: (r) => r.bid,
  ask: (r) => r.ask,
  spread_bps: (r) => r.spread_bps,
  volume: (r) => r.volume,
  oi: (r) => r.oi,
  iv: (r) => r.iv,
  delta: (r) => r.delta,
  gamma: (r) => r.gamma,
  theta: (r) => r.theta,
  vega: (r) => r.vega,
  rho: (r) => r.rho,
  quote_age_s: (r) => r.quote_age_s,
  source: (r) => r.source,
};

/** The columnar message of `rows`. A string column with more than 65,536 distinct values is refused (never seen: its values are labels). Pure. */
export function encodeRowColumns(head: { cycle: number; timestamp: string; index: string }, rows: readonly OptionRow[]): RowColumnsMessage {
  const n = rows.length;
  const columns: EncodedColumn[] = [];
  for (const name of OPTION_ROW_COLUMNS) {
    const read = READ[name] as (r: OptionRow) => string | number | null;
    // a column's kind is its first row's (rows share one schema)
    if (n > 0 && typeof read(rows[0]!) === 'string') {
      const codeOf = new Map<string, number>();
      const codes = new Uint16Array(n);
      let last: string | undefined;
      let code = 0;
      for (let i = 0; i < n; i++) {
        const v = read(rows[i]!) as string;
        if (v !== last) {
          // runs of one value are the rule (index, expiry, timestamp): look up only where a run starts
          last = v;
          code = codeOf.get(v) ?? codeOf.size;
          if (code === codeOf.size) {
            if (code > 0xffff) throw new Error(`bus: column ${name} has more than 65,536 distinct values`);
            codeOf.set(v, code);
          }
        }
        codes[i] = code;
      }
      columns.push({ name, type: 'dict', values: [...codeOf.keys()], codes: littleEndian(codes, 'swap16') });
    } else {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = read(rows[i]!) as number | null;
        data[i] = v === null ? Number.NaN : v;
      }
      columns.push({ name, type: 'f64', data: littleEndian(data, 'swap64') });
    }
  }
  return { format: ROW_COLUMNS_FORMAT, ...head, rows: n, columns };
}

/** The MessagePack bytes of {@link encodeRowColumns}; loads msgpackr on first use (only a bus needs it). Pure. */
export function packRowColumns(head: { cycle: number; timestamp: string; index: string }, rows: readonly OptionRow[]): Uint8Array {
  const { pack } = require('msgpackr') as typeof import('msgpackr');
  return pack(encodeRowColumns(head, rows));
}

/** The head and rows of a `g6.columns/1` message's MessagePack bytes (NaN back to null). Throws on another format. Pure. */
export function unpackRowColumns(bytes: Uint8Array): { cycle: number; timestamp: string; index: string; rows: OptionRow[] } {
  const { unpack } = require('msgpackr') as typeof import('msgpackr');
  const msg = unpack(bytes) as RowColumnsMessage;
  if (msg?.format !== ROW_COLUMNS_FORMAT) throw new Error(`not a ${ROW_COLUMNS_FORMAT} message: format ${JSON.stringify(msg?.format)}`);
  const rows = Array.from({ length: msg.rows }, () => ({}) as Record<string, unknown>);
  for (const col of msg.columns) {
    const bytesOf = col.type === 'dict' ? col.codes : col.data;
    const view = new DataView(bytesOf.buffer, bytesOf.byteOffset, bytesOf.byteLength);
    for (let i = 0; i < msg.rows; i++) {
      if (col.type === 'dict') rows[i]![col.name] = col.values[view.getUint16(i * 2, true)];
      else {
        const v = view.getFloat64(i * 8, true);
        rows[i]![col.name] = Number.isNaN(v) ? null : v;
      }
    }
  }
  return { cycle: msg.cycle, timestamp: msg.timestamp, index: msg.index, rows: rows as unknown as OptionRow[] };
}
