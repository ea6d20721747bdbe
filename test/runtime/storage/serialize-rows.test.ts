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

  it.each(['csv', 'ndjson'] as const)('writes every kind of number as String() prints it (%s)', (format) => {
    // seeded, so a failure reproduces: a xorshift of 32 bits
    let seed = 0x9e3779b9;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const numbers: number[] = [0, -0, 1, -1, 1e-6, -1e-6, 9.99e-7, 1e9, 999999999.99999999, 2 ** 48, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e21, 5e-324, 0.1 + 0.2, 1 / 3, 24800.05, 0.00000654];
    for (let i = 0; i < 20_000; i++) {
      const magnitude = 10 ** Math.floor(random() * 24 - 10);
      const raw = (random() - 0.5) * magnitude;
      const places = Math.floor(random() * 11);
      numbers.push(raw, Math.round(raw * 10 ** places) / 10 ** places, Math.round(raw));
    }
    const rows = numbers.map((a) => ({ a, b: -a, c: a / 7 }));
    expect(serializeRows(COLUMNS, rows, format, false).toString('utf8')).toBe(reference(COLUMNS, rows, format, false));
  });

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
