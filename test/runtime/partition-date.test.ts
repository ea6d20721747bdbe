/** One partition date per cycle, the IST trading date, for every table (real bin/g6). */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runG6 } from '../support/cli';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'g6-date-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');

describe('partition date', () => {
  it('files every table of a cycle under its IST trading date, errors and overview included, also before 05:30 IST', () => {
    // 2026-12-01T20:00Z is 01:30 IST on 2026-12-02
    const res = runG6(['run', '--cycles', '6', '--interval', '0', '--listen', '', '--data-dir', root], { env: { G6_SIMULATED_START: '2026-12-01T20:00:00Z', G6_FAULT_ERROR_RATE: '0.3' } });
    expect(res.code).toBe(0);
    const partitions = [...readdirSync(join(root, 'options')).map((ix) => `options/${ix}`), 'overview', 'errors'].flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`));
    expect(partitions).toContain('errors/2026-12-02.csv');
    expect(partitions).toContain('overview/2026-12-02.csv');
    expect(partitions.filter((p) => !p.endsWith('/2026-12-02.csv'))).toEqual([]);
    for (const p of partitions.filter((f) => !f.startsWith('errors/'))) {
      const [header, ...rows] = read(p).trimEnd().split('\n');
      const at = (header as string).split(',').indexOf('date');
      expect(new Set(rows.map((r) => r.split(',')[at]))).toEqual(new Set(['2026-12-02']));
    }
  });
});
