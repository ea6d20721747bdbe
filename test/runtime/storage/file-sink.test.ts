/** The file sink's crash recovery: the commit journal cuts an interrupted cycle away on restart. */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMIT_JOURNAL, createFileSink, readCommitJournal } from '../../../src/runtime/storage/file-sink';
import type { RowBatch, StorageSink } from '../../../src/runtime/storage/sink';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'g6-store-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** `n` option rows of cycle `cycle` for `index`. */
function batch(index: string, cycle: number, n: number): RowBatch {
  return { table: 'options', index, date: '2025-11-03', columns: ['cycle', 'row'], rows: Array.from({ length: n }, (_, row) => ({ cycle, row })) };
}

const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');
const NIFTY = 'options/NIFTY/2025-11-03.csv';
const BANK = 'options/BANKNIFTY/2025-11-03.csv';

async function cycle(sink: StorageSink, n: number, indices: readonly string[], commit = true): Promise<void> {
  for (const ix of indices) await sink.append(batch(ix, n, 328));
  if (commit) await sink.commit?.(n);
}

describe('file sink crash recovery', () => {
  it('cuts every partition back to the last committed cycle on restart, though the torn append ends on a newline', async () => {
    const warnings: string[] = [];
    const first = createFileSink({ root, format: 'csv' });
    await cycle(first, 1, ['NIFTY']);
    const committed = read(NIFTY);
    await cycle(first, 2, ['NIFTY', 'BANKNIFTY'], false);
    // a kill -9 in the middle of cycle 2's NIFTY append: 289 of its 328 rows made it, ending on a newline
    const lines = read(NIFTY).split('\n');
    writeFileSync(join(root, NIFTY), `${lines.slice(0, 1 + 328 + 289).join('\n')}\n`);
    const second = createFileSink({ root, format: 'csv', warn: (w) => warnings.push(w) });
    expect(read(NIFTY)).toBe(committed);
    expect(existsSync(join(root, BANK))).toBe(false);
    expect(second.stats().repairedTails).toBe(2);
    expect(warnings).toEqual([expect.stringContaining(`cut ${BANK} back to its last committed cycle`), expect.stringContaining(`cut ${NIFTY} back to its last committed cycle`)]);
  });

  it('keeps a committed cycle whole and appends after it: the CSV header once, rows in cycle order', async () => {
    const first = createFileSink({ root, format: 'csv' });
    await cycle(first, 1, ['NIFTY', 'BANKNIFTY']);
    const second = createFileSink({ root, format: 'csv' });
    await cycle(second, 2, ['NIFTY']);
    expect(second.stats().repairedTails).toBe(0);
    const rows = read(NIFTY).trimEnd().split('\n');
    expect(rows[0]).toBe('cycle,row');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual([...Array(328).fill('1'), ...Array(328).fill('2')]);
  });

  it('ignores a torn journal line: the cycle it would have committed is cut', async () => {
    const first = createFileSink({ root, format: 'ndjson' });
    await cycle(first, 1, ['NIFTY']);
    const committed = read('options/NIFTY/2025-11-03.ndjson');
    await cycle(first, 2, ['NIFTY'], false);
    appendFileSync(join(root, COMMIT_JOURNAL), '{"cycle":2,"sizes":{"options/NIFTY/2025-1');
    createFileSink({ root, format: 'ndjson' });
    expect(read('options/NIFTY/2025-11-03.ndjson')).toBe(committed);
    expect(read(COMMIT_JOURNAL).trimEnd().split('\n')).toHaveLength(1);
    expect(readCommitJournal(root)).toEqual(new Map([['options/NIFTY/2025-11-03.ndjson', statSync(join(root, 'options/NIFTY/2025-11-03.ndjson')).size]]));
  });

  it('protects the first cycle of a fresh folder: nothing committed means nothing kept', async () => {
    const first = createFileSink({ root, format: 'csv' });
    await cycle(first, 1, ['NIFTY'], false);
    createFileSink({ root, format: 'csv' });
    expect(existsSync(join(root, NIFTY))).toBe(false);
  });

  it('cuts a data folder of an older g6 (no journal) back to its last newline, then journals it', () => {
    mkdirSync(join(root, 'options/NIFTY'), { recursive: true });
    writeFileSync(join(root, NIFTY), 'cycle,row\n1,0\n1,1\n2,');
    const sink = createFileSink({ root, format: 'csv' });
    expect(read(NIFTY)).toBe('cycle,row\n1,0\n1,1\n');
    expect(sink.stats().repairedTails).toBe(1);
    expect(readCommitJournal(root)?.get(NIFTY)).toBe(18);
  });

  it('a partition grown past its journal size by an interrupted cycle is truncated to exactly that size', async () => {
    const first = createFileSink({ root, format: 'csv' });
    await cycle(first, 1, ['NIFTY']);
    const size = statSync(join(root, NIFTY)).size;
    await cycle(first, 2, ['NIFTY'], false);
    truncateSync(join(root, NIFTY), size + 5);
    createFileSink({ root, format: 'csv' });
    expect(statSync(join(root, NIFTY)).size).toBe(size);
  });
});
