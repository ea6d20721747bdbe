/** The bus's columnar option-row message: lossless round trip, readable by an independent MessagePack decoder. */
import { decode } from '@msgpack/msgpack';
import { encodeRowColumns, packRowColumns, ROW_COLUMNS_FORMAT, unpackRowColumns } from '../../../src/runtime/events/row-columns';
import { runCycle } from '../../../src/runtime/pipeline/cycle';
import { OPTION_ROW_COLUMNS, type OptionRow } from '../../../src/runtime/pipeline/types';
import { pipelineDeps, T0, testConfig } from '../helpers';

async function cycleRows(): Promise<OptionRow[]> {
  const { deps } = pipelineDeps(testConfig());
  const { rows } = await runCycle(deps, 1, T0);
  return [...[...rows.values()][0]!];
}

const head = { cycle: 7, timestamp: '2025-11-03T04:00:00.000Z', index: 'NIFTY' };

describe('g6.columns/1 option-row messages', () => {
  it('round-trips a real cycle of rows exactly, nulls included', async () => {
    const rows = await cycleRows();
    rows[0] = { ...rows[0]!, iv: null, delta: null, gamma: null, theta: null, vega: null, rho: null };
    const back = unpackRowColumns(packRowColumns(head, rows));
    expect(back).toEqual({ ...head, rows });
    // same key order as the storage schema
    expect(Object.keys(back.rows[0]!)).toEqual([...OPTION_ROW_COLUMNS]);
  });

  it('is plain MessagePack: an independent decoder reads the head and the column layout', async () => {
    const rows = await cycleRows();
    const msg = decode(packRowColumns(head, rows)) as { format: string; rows: number; columns: { name: string; type: string; data?: Uint8Array; values?: string[]; codes?: Uint8Array }[] };
    expect(msg.format).toBe(ROW_COLUMNS_FORMAT);
    expect(msg.rows).toBe(rows.length);
    const strike = msg.columns.find((c) => c.name === 'strike')!;
    expect(strike.type).toBe('f64');
    const view = new DataView(strike.data!.buffer, strike.data!.byteOffset, strike.data!.byteLength);
    expect(Array.from({ length: rows.length }, (_, i) => view.getFloat64(i * 8, true))).toEqual(rows.map((r) => r.strike));
    const type = msg.columns.find((c) => c.name === 'type')!;
    expect(type.type).toBe('dict');
    expect(Array.from({ length: rows.length }, (_, i) => type.values![type.codes![i * 2]! | (type.codes![i * 2 + 1]! << 8)])).toEqual(rows.map((r) => r.type));
  });

  it('encodes an empty batch as zero rows', () => {
    expect(encodeRowColumns(head, []).rows).toBe(0);
    expect(unpackRowColumns(packRowColumns(head, [])).rows).toEqual([]);
  });

  it('refuses a message of another format', () => {
    expect(() => unpackRowColumns(new Uint8Array([0x81, 0xa6, ...Buffer.from('format'), 0xa1, 0x78]))).toThrow('not a g6.columns/1 message: format "x"');
  });
});
