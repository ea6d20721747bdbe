/**
 * `g6 run --store clickhouse://…` against a real clickhouse-server (Debian's) on loopback: one
 * server for the file, a database per test. Row counts, table layout, metrics, an outage mid-run,
 * a backlog left by an earlier run, and the exit codes of a bad or unreachable store.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRowBinary } from '../../src/runtime/storage/clickhouse-sink';
import { runG6 } from '../support/cli';
import { clickHouseServer, freePort, waitForValue, type ClickHouse } from '../support/servers';
import { fetchText, startG6Run } from './run-process';

jest.setTimeout(180_000);

let ch: ClickHouse;
beforeAll(async () => {
  ch = await clickHouseServer();
  await ch.start();
});
afterAll(async () => {
  await ch?.stop();
});

/** Sum of `rows=N` over the cycle lines of a run's stderr: the rows g6 collected. */
const loggedRows = (stderr: string): number => [...stderr.matchAll(/cycle \d+\/\S+ .* rows=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
const count = async (db: string, table: string, final = 'FINAL'): Promise<number> => Number((await ch.query(`SELECT count() FROM ${db}.${table} ${final}`)).trim());
const distinctOptionKeys = async (db: string): Promise<number> =>
  Number((await ch.query(`SELECT count() FROM (SELECT DISTINCT index, expiry, strike, type, timestamp FROM ${db}.options)`)).trim());

describe('ClickHouse store (real clickhouse-server)', () => {
  it('creates the tables (ReplacingMergeTree by trading date, ordered by index, expiry, strike, type, timestamp) and holds every row g6 counted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-ch-run-'));
    const run = await startG6Run(['--cycles', '3', '--interval', '0', '--listen', '127.0.0.1:0', '--linger', '60', '--data-dir', dataDir, '--store', ch.storeUrl('g6a')]);
    try {
      await run.waitFor(/\(linger\)/);
      const metrics = (await fetchText(`http://${run.address}/metrics`)).body;
      const rows = loggedRows(run.stderr());
      expect(rows).toBeGreaterThan(0);
      expect(await count('g6a', 'options')).toBe(rows);
      expect(await distinctOptionKeys('g6a')).toBe(rows);
      expect(await count('g6a', 'overview')).toBe(15);
      const metric = (name: string, table: string): number => Number(new RegExp(`^${name}\\{table="${table}"\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
      expect(metric('g6_cs_ingest_rows_total', 'options')).toBe(rows);
      expect(metric('g6_cs_ingest_rows_total', 'overview')).toBe(15);
      // one insert per table per cycle: 3 options and 3 overview batches (no errors in a clean run)
      expect(metric('g6_cs_ingest_latency_seconds_count', 'options')).toBe(3);
      expect(metric('g6_cs_ingest_latency_seconds_count', 'overview')).toBe(3);
      expect(metric('g6_cs_ingest_bytes_total', 'options')).toBeGreaterThan(rows * 100);
      expect(metric('g6_cs_ingest_backlog_rows', 'options')).toBe(0);
    } finally {
      expect(await run.stop()).toBe(0);
    }
    const ddl = await ch.query('SHOW CREATE TABLE g6a.options');
    expect(ddl).toContain('ENGINE = ReplacingMergeTree');
    expect(ddl).toContain('PARTITION BY date');
    expect(ddl).toContain('ORDER BY (index, expiry, strike, type, timestamp)');
    // a second run into the same database reuses the tables
    const again = runG6(['run', '--cycles', '1', '--interval', '0', '--listen', '', '--data-dir', dataDir, '--store', ch.storeUrl('g6a')]);
    expect(again.code).toBe(0);
    expect(await count('g6a', 'overview')).toBe(20);
  });

  it('holds the same values the file store writes for the same seed and simulated start', async () => {
    const env = { G6_SIMULATED_START: '2025-11-03T04:00:00Z' };
    const fileDir = mkdtempSync(join(tmpdir(), 'g6-ch-same-'));
    expect(runG6(['run', '--cycles', '1', '--interval', '0', '--listen', '', '--seed', '42', '--data-dir', fileDir], { env }).code).toBe(0);
    expect(runG6(['run', '--cycles', '1', '--interval', '0', '--listen', '', '--seed', '42', '--data-dir', mkdtempSync(join(tmpdir(), 'g6-ch-same-')), '--store', ch.storeUrl('g6d')], { env }).code).toBe(0);
    const [header, ...lines] = readFileSync(join(fileDir, 'options', 'NIFTY', '2025-11-03.csv'), 'utf8').trim().split('\n');
    const columns = (header as string).split(',');
    const fromFile = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
    const fromCh = (await ch.query("SELECT * FROM g6d.options FINAL WHERE index = 'NIFTY' ORDER BY expiry, strike, type FORMAT JSONEachRow")).trim().split('\n').map((l) => JSON.parse(l));
    expect(fromFile.length).toBeGreaterThan(100);
    expect(fromCh).toHaveLength(fromFile.length);
    const key = (r: Record<string, unknown>): string => `${r.expiry}|${r.strike}|${r.type}`;
    const byKey = new Map(fromFile.map((r) => [key(r), r]));
    const mismatches: string[] = [];
    for (const row of fromCh)
      for (const c of columns) {
        const file = byKey.get(key(row))?.[c as string];
        const same = typeof row[c as string] === 'number' || row[c as string] === null ? (file === '' ? row[c as string] === null : Number(file) === row[c as string]) : String(row[c as string]) === file;
        if (!same) mismatches.push(`${key(row)} ${c}: ClickHouse ${JSON.stringify(row[c as string])}, file ${JSON.stringify(file)}`);
      }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('loses and duplicates nothing when the server stops and restarts mid-run: the backlog is spilled to files and replayed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-ch-outage-'));
    const run = await startG6Run(['--interval', '0.3', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--store', ch.storeUrl('g6b')]);
    const spillDir = join(dataDir, 'spill', 'clickhouse');
    try {
      await run.waitFor(/cycle 2\//);
      await ch.stop();
      await run.waitFor(/store unreachable; \d+ rows kept in the backlog/);
      // cycles go on while the store is down; their batches pile up as spill files
      await waitForValue('three batches in the spill folder', () => {
        const n = readdirSync(spillDir).filter((f) => f.endsWith('.batch')).length;
        return n >= 3 ? n : undefined;
      });
      await ch.start();
      await run.waitFor(/store back; backlog of \d+ rows replayed/, 60_000);
      const cyclesBefore = (run.stderr().match(/cycle \d+\//g) ?? []).length;
      await waitForValue('two more cycles', () => ((run.stderr().match(/cycle \d+\//g) ?? []).length >= cyclesBefore + 2 ? true : undefined));
    } finally {
      expect(await run.stop()).toBe(0);
    }
    const rows = loggedRows(run.stderr());
    expect(await count('g6b', 'options')).toBe(rows);
    expect(await distinctOptionKeys('g6b')).toBe(rows);
    expect(readdirSync(spillDir).filter((f) => f.endsWith('.batch'))).toEqual([]);
    const storage = JSON.parse(readFileSync(join(dataDir, 'panels', 'storage_enveloped.json'), 'utf8')).data;
    expect(storage).toMatchObject({ kind: 'clickhouse', rows_total: rows, backlog_rows: 0 });
    expect(storage.failures_total).toBeGreaterThan(0);
  });

  it('replays a backlog an earlier run left in the spill folder before the new rows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-ch-leftover-'));
    const spillDir = join(dataDir, 'spill', 'clickhouse');
    mkdirSync(spillDir, { recursive: true });
    const row = { timestamp: '2025-11-03T04:00:00.000Z', date: '2025-11-03', index: 'NIFTY', status: 'OK', spot: 24800, atm: 24800, options: 2, expiries: 1, strike_coverage: 1, field_coverage: 1, pcr: null, failures: 0, source: 'sim' };
    writeFileSync(join(spillDir, '000000000001-overview-1.batch'), encodeRowBinary('overview', [row], row.date));
    const r = runG6(['run', '--cycles', '1', '--interval', '0', '--listen', '', '--data-dir', dataDir, '--store', ch.storeUrl('g6c')]);
    expect(r.code).toBe(0);
    expect(await count('g6c', 'overview')).toBe(6);
    expect(readdirSync(spillDir).filter((f) => f.endsWith('.batch'))).toEqual([]);
  });

  it('exits 3 naming the store when the server cannot be reached at start', async () => {
    const port = await freePort();
    const r = runG6(['run', '--cycles', '1', '--listen', '', '--data-dir', mkdtempSync(join(tmpdir(), 'g6-ch-down-')), '--store', `clickhouse://127.0.0.1:${port}/g6`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot prepare ClickHouse at http://127.0.0.1:${port} (store)`);
    expect(r.stderr).toContain('fix --store');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 with the expected form of a malformed store URL', () => {
    const r = runG6(['run', '--cycles', '1', '--listen', '', '--store', 'clickhouse://127.0.0.1:8123/bad-db']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('config storage.url (from flag --store): expected file, file:<dir> or clickhouse://host:port/database');
  });
});
