/**
 * The ClickHouse store (`--store clickhouse://host:port/database`) on the official
 * `@clickhouse/client`: tables created when absent, one batched insert per table per cycle,
 * retries that cannot duplicate rows, and a backlog spilled to files during an outage.
 */
import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { InputError } from '../../core/errors';
import type { RetryPolicy } from '../pipeline/phase-runner';
import { backoffMs } from '../pipeline/phase-runner';
import type { Rng } from '../market/rng';
import type { AppendResult, CommitReport, CommitWrite, RowBatch, StorageSink, StorageStats, TableName } from './sink';
import { createSpill, type SpilledBatch } from './spill';

/** A column of a ClickHouse table; `key` columns cannot be Nullable (nulls become '' or 0). */
interface Column {
  name: string;
  type: string;
}

interface TableSchema {
  columns: readonly Column[];
  /** The replacing key: rows equal on it are one row (a retried insert collapses onto the first). */
  orderBy: readonly string[];
}

const F = 'Float64';
const NF = 'Nullable(Float64)';
const S = 'String';

/**
 * The tables. `timestamp`/`ts` are ISO-8601 UTC strings with milliseconds (lexicographic order is
 * time order): Debian's ClickHouse 18 has no DateTime64, and a DateTime in seconds would make two
 * cycles within one second share a replacing key. `date` is the IST trading date (the partition).
 */
export const CLICKHOUSE_TABLES: Record<TableName, TableSchema> = {
  options: {
    columns: [
      ...['timestamp'].map((name) => ({ name, type: S })),
      { name: 'date', type: 'Date' },
      ...['index', 'exchange', 'expiry', 'expiry_rule'].map((name) => ({ name, type: S })),
      { name: 'dte_days', type: F },
      { name: 'strike', type: F },
      { name: 'type', type: S },
      ...['spot', 'atm', 'mny', 'ltp', 'bid', 'ask', 'spread_bps', 'volume', 'oi'].map((name) => ({ name, type: F })),
      ...['iv', 'delta', 'gamma', 'theta', 'vega', 'rho'].map((name) => ({ name, type: NF })),
      { name: 'quote_age_s', type: F },
      { name: 'source', type: S },
    ],
    orderBy: ['index', 'expiry', 'strike', 'type', 'timestamp'],
  },
  overview: {
    columns: [
      { name: 'timestamp', type: S },
      { name: 'date', type: 'Date' },
      { name: 'index', type: S },
      { name: 'status', type: S },
      ...['spot', 'atm'].map((name) => ({ name, type: NF })),
      ...['options', 'expiries'].map((name) => ({ name, type: 'UInt32' })),
      ...['strike_coverage', 'field_coverage'].map((name) => ({ name, type: F })),
      { name: 'pcr', type: NF },
      { name: 'failures', type: 'UInt32' },
      { name: 'source', type: S },
    ],
    orderBy: ['index', 'timestamp'],
  },
  errors: {
    columns: [
      { name: 'ts', type: S },
      { name: 'date', type: 'Date' },
      { name: 'cycle', type: 'UInt32' },
      ...['index', 'expiry', 'phase', 'classification', 'reason', 'message'].map((name) => ({ name, type: S })),
      { name: 'attempt', type: 'UInt32' },
    ],
    orderBy: ['index', 'ts', 'cycle', 'expiry', 'phase', 'attempt', 'reason'],
  },
};

const TABLES = Object.keys(CLICKHOUSE_TABLES) as TableName[];

/** `CREATE TABLE IF NOT EXISTS` of `table`: ReplacingMergeTree partitioned by trading date, ordered by its replacing key. Pure. */
export function createTableSql(database: string, table: TableName): string {
  const t = CLICKHOUSE_TABLES[table];
  const cols = t.columns.map((c) => `\`${c.name}\` ${c.type}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS \`${database}\`.\`${table}\` (${cols}) ENGINE = ReplacingMergeTree PARTITION BY date ORDER BY (${t.orderBy.map((c) => `\`${c}\``).join(', ')})`;
}

const DAY_MS = 86_400_000;

/** A growable byte buffer for RowBinary. */
class ByteWriter {
  buf: Buffer;
  at = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 64));
  }
  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  string(s: string): void {
    const len = Buffer.byteLength(s);
    this.room(len + 5);
    for (let n = len; ; n >>>= 7) {
      if (n < 0x80) {
        this.buf[this.at++] = n;
        break;
      }
      this.buf[this.at++] = (n & 0x7f) | 0x80;
    }
    this.at += this.buf.write(s, this.at, 'utf8');
  }
  double(v: number): void {
    this.room(8);
    this.at = this.buf.writeDoubleLE(v, this.at);
  }
}

/**
 * Rows of `table` in ClickHouse's RowBinary format, columns in schema order: a missing `date`
 * from `date`, nulls of non-Nullable columns as '' or 0. Binary, so no number is formatted as
 * text (the costly part of a text encoding). Pure.
 */
export function encodeRowBinary(table: TableName, rows: readonly Record<string, unknown>[], date: string): Buffer {
  const columns = CLICKHOUSE_TABLES[table].columns;
  const w = new ByteWriter(rows.length * columns.length * 10);
  for (const row of rows) {
    for (const c of columns) {
      const v = c.name === 'date' ? (row.date ?? date) : row[c.name];
      switch (c.type) {
        case S:
          w.string(v === null || v === undefined ? '' : String(v));
          break;
        case F:
          w.double(typeof v === 'number' ? v : 0);
          break;
        case NF:
          w.room(1);
          w.buf[w.at++] = typeof v === 'number' ? 0 : 1;
          if (typeof v === 'number') w.double(v);
          break;
        case 'Date':
          w.room(2);
          w.at = w.buf.writeUInt16LE(Math.floor(Date.parse(String(v)) / DAY_MS), w.at);
          break;
        case 'UInt32':
          w.room(4);
          w.at = w.buf.writeUInt32LE(typeof v === 'number' ? v >>> 0 : 0, w.at);
          break;
        default:
          throw new Error(`no RowBinary encoder for ${c.type}`);
      }
    }
  }
  return w.buf.subarray(0, w.at);
}

export interface ClickHouseSinkOptions {
  url: string;
  database: string;
  username: string;
  password: string;
  /** Timeout of one request, ms. */
  timeoutMs: number;
  /** Folder of the backlog's spill files (created when needed). */
  spillDir: string;
  retry: RetryPolicy;
  rng: Rng;
  sleep(ms: number): Promise<void>;
}

/**
 * Connect, create the database and tables when absent, and return the sink. Throws InputError
 * (exit 3) when the server cannot be reached or refuses the schema. A backlog left by an earlier
 * run in `spillDir` is replayed by the first commit.
 *
 * Delivery: `append` stages rows; `commit` inserts the backlog (oldest first), then one batch per
 * table. A failed insert is retried `retry.maxAttempts` times (once while a backlog is pending, so
 * an outage does not stall every cycle), then the batch and all after it are spilled to files and
 * replayed by later commits. A retry or replay of an insert that did land is harmless: the tables
 * replace rows equal on their key (count with `FINAL`).
 */
export async function createClickHouseSink(opts: ClickHouseSinkOptions): Promise<StorageSink> {
  // the client is loaded only when the store is used
  const { createClient, ClickHouseLogLevel } = require('@clickhouse/client') as typeof import('@clickhouse/client');
  const client: ClickHouseClient = createClient({
    url: opts.url,
    username: opts.username,
    password: opts.password,
    request_timeout: opts.timeoutMs,
    log: { level: ClickHouseLogLevel.OFF },
  });
  const where = `ClickHouse at ${opts.url} (store)`;
  try {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS \`${opts.database}\`` });
    for (const table of TABLES) await client.command({ query: createTableSql(opts.database, table) });
  } catch (err) {
    await client.close();
    throw new InputError(`cannot prepare ${where}: ${(err as Error).message}; start the server (README: "Stores and buses") or fix --store / G6_STORE`);
  }
  const spill = createSpill(opts.spillDir);
  const backlog: SpilledBatch[] = spill.list();
  const staged = new Map<TableName, { rows: number; parts: Buffer[] }>();
  const dates = new Set<string>();
  const stats: StorageStats = { kind: 'clickhouse', rowsTotal: 0, bytesTotal: 0, appendsTotal: 0, failuresTotal: 0, partitions: 0, backlogRows: 0, repairedTails: 0, lastPartition: null };
  const countBacklog = (): Record<TableName, number> => {
    const n: Record<TableName, number> = { options: 0, overview: 0, errors: 0 };
    for (const b of backlog) n[b.table] += b.rows;
    stats.backlogRows = n.options + n.overview + n.errors;
    return n;
  };
  countBacklog();

  /** One insert with retries; resolves with the attempts after the first, or rejects with the last error. */
  const insert = async (table: TableName, body: Buffer, attempts: number, onRetry: () => void): Promise<void> => {
    const columns = CLICKHOUSE_TABLES[table].columns.map((c) => `\`${c.name}\``).join(', ');
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await client.exec({ query: `INSERT INTO \`${opts.database}\`.\`${table}\` (${columns}) FORMAT RowBinary`, values: Readable.from([body]) });
        res.stream.destroy(); // an INSERT answers with an empty body; release the socket
        return;
      } catch (err) {
        if (attempt >= attempts) throw err;
        onRetry();
        await opts.sleep(backoffMs(opts.retry, attempt, opts.rng));
      }
    }
  };

  return {
    kind: stats.kind,
    async append(batch: RowBatch): Promise<AppendResult> {
      let stage = staged.get(batch.table);
      if (!stage) staged.set(batch.table, (stage = { rows: 0, parts: [] }));
      stage.parts.push(encodeRowBinary(batch.table, batch.rows, batch.date));
      stage.rows += batch.rows.length;
      if (!dates.has(batch.date)) {
        dates.add(batch.date);
        stats.partitions = dates.size;
      }
      return { table: batch.table, rows: batch.rows.length, bytes: 0, partition: `${batch.table}/${batch.date}`, staged: true };
    },
    async commit(): Promise<CommitReport> {
      // the backlog goes first (oldest first), then this cycle's batches
      const queue: { table: TableName; rows: number; body: () => Buffer; spilled?: SpilledBatch }[] = backlog.map((b) => ({ table: b.table, rows: b.rows, body: () => b.read(), spilled: b }));
      for (const table of TABLES) {
        const stage = staged.get(table);
        if (!stage || stage.rows === 0) continue;
        const body = Buffer.concat(stage.parts);
        queue.push({ table, rows: stage.rows, body: () => body });
      }
      staged.clear();
      const writes: CommitWrite[] = [];
      const attempts = backlog.length > 0 ? 1 : opts.retry.maxAttempts;
      let down = false;
      for (const item of queue) {
        if (down && item.spilled) continue; // stays in the backlog, not tried again this cycle
        const w: CommitWrite = { table: item.table, rows: item.rows, bytes: 0, seconds: 0, retries: 0, attempted: !down, outcome: 'written' };
        writes.push(w);
        const body = item.body();
        w.bytes = body.length;
        if (!down) {
          const t0 = performance.now();
          try {
            await insert(item.table, body, attempts, () => w.retries++);
            w.seconds = (performance.now() - t0) / 1000;
            if (item.spilled) {
              item.spilled.remove();
              backlog.splice(backlog.indexOf(item.spilled), 1);
            }
            if (item.table === 'options') stats.rowsTotal += item.rows;
            stats.bytesTotal += w.bytes;
            stats.appendsTotal++;
            stats.lastPartition = item.table;
            continue;
          } catch {
            w.seconds = (performance.now() - t0) / 1000;
            stats.failuresTotal++;
            down = true;
          }
        }
        w.outcome = 'backlogged';
        if (item.spilled) continue;
        try {
          backlog.push(spill.write(item.table, item.rows, body));
        } catch {
          w.outcome = 'lost';
        }
      }
      return { writes, backlog: countBacklog() };
    },
    stats: () => ({ ...stats }),
    async close() {
      await client.close();
    },
  };
}
