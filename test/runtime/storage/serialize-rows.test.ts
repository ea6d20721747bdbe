/** Bulk row serialisation: the same bytes as formatting every cell on its own, for CSV and NDJSON. */
import { serializeRows, type RowFormat } from '../../../src/runtime/storage/serialize-rows';
import { runCycle } from '../../../src/runtime/pipeline/cycle';
import { OPTION_ROW_COLUMNS } from '../../../src/runtime/pipeline/types';
import { pipelineDeps, T0, testConfig } from '../helpers';

/** The file format's definition, one cell at a time: what the bulk serialiser must reproduce byte for byte. */
function reference(columns: readonly string[], rows: readonly Record<string, unknown>[], format: RowFormat, withHeader: boolean): string {
  const csvCell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  let out = format === 'csv' && withHeader ? `${columns.join(',')}\n` : '';
  for (const r of rows) {
    if (format === 'csv') out += `${columns.map((c) => csvCell(r[c])).join(',')}\n`;
    else out += `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))}\n`;
  }
  return out;
}

const COLUMNS = ['a', 'b', 'c'];
const CASES: [string, Record<string, unknown>[]][] = [
  ['plain strings and numbers', [{ a: 'NIFTY', b: 24800, c: 0.00005663 }]],
  ['a quote, a comma, LF and CR in strings', [{ a: 'say "hi"', b: 'x,y', c: 'l1\nl2' }, { a: 'cr\r', b: '""', c: ',' }]],
  ['null, undefined and a missing column', [{ a: null, b: undefined }]],
  ['NaN, infinities, negative zero and exponents', [{ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0 }, { a: 1e-7, b: 1e21, c: -Number.MAX_VALUE }]],
  ['booleans, a date and a nested object', [{ a: true, b: new Date(T0), c: { k: [1, 'two'] } }]],
  ['cells equal to the ones above, and the same string after a different one', [{ a: 'x', b: 1, c: 'q,' }, { a: 'x', b: 1, c: 'z' }, { a: 'y', b: 1, c: 'q,' }, { a: 'x', b: 2, c: 'q,' }]],
  ['a value, then undefined, then the value again in one column', [{ a: 5 }, { a: undefined }, { a: 5 }]],
  ['multi-byte text beyond the first buffer', Array.from({ length: 300 }, (_, i) => ({ a: 'ℕ€😀'.repeat(40), b: i, c: `ünï ${i}` }))],
  ['no rows', []],
];

describe('serializeRows', () => {
  it.each(CASES.flatMap(([name, rows]) => (['csv', 'ndjson'] as const).flatMap((format) => [true, false].map((header) => [name, format, header, rows] as const))))(
    '%s: %s (header %s) has the bytes of formatting each cell on its own',
    (_name, format, header, rows) => {
      expect(serializeRows(COLUMNS, rows, format, header).toString('utf8')).toBe(reference(COLUMNS, rows, format, header));
    },
  );

  it('leaves an NDJSON member holding a function out, as JSON.stringify does, first column included', () => {
    const rows = [{ a: () => 1, b: 2, c: 'x' }, { a: 1, b: Symbol('s'), c: 'x' }];
    expect(serializeRows(COLUMNS, rows, 'ndjson', false).toString('utf8')).toBe('{"b":2,"c":"x"}\n{"a":1,"c":"x"}\n');
  });

  it.each(['csv', 'ndjson'] as const)('writes the option rows of real cycles as the per-cell format does (%s)', async (format) => {
    const { deps } = pipelineDeps(testConfig());
    for (let n = 1; n <= 3; n++) {
      const { rows } = await runCycle(deps, n, T0 + n * 30_000);
      for (const indexRows of rows.values()) {
        const records = indexRows as unknown as Record<string, unknown>[];
        expect(records.length).toBeGreaterThan(0);
        expect(serializeRows(OPTION_ROW_COLUMNS, records, format, n === 1).toString('utf8')).toBe(reference(OPTION_ROW_COLUMNS, records, format, n === 1));
      }
    }
  });
});
