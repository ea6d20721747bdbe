/** The storage sink contract: where each cycle's option rows go. The file sink is the embedded default. */

/** Tables of the store: option rows, one overview row per index and cycle, and error records. */
export type TableName = 'options' | 'overview' | 'errors';

/**
 * One cycle's rows for one partition: `options` partitions by index and IST date, the others by
 * date only. `columns` is the declared schema (CSV header / NDJSON key order).
 */
export interface RowBatch {
  table: TableName;
  /** Index for the options table; absent for the others. */
  index?: string;
  date: string;
  columns: readonly string[];
  rows: readonly Record<string, unknown>[];
}

export interface AppendResult {
  table: TableName;
  rows: number;
  bytes: number;
  /** Partition written, relative to the sink's root (for panels and logs). */
  partition: string;
  /** True when the rows were only staged for the sink's next `commit` (nothing written yet). */
  staged?: boolean;
}

/** One write a `commit` made (or tried), per table: what the column-store metrics count. */
export interface CommitWrite {
  table: TableName;
  rows: number;
  bytes: number;
  seconds: number;
  /** Attempts after the first one. */
  retries: number;
  /** False when the batch went to the backlog untried (the store was already down this commit). */
  attempted: boolean;
  /** `written`: durable in the store; `backlogged`: kept in the backlog after its attempts failed; `lost`: could not even be backlogged. */
  outcome: 'written' | 'backlogged' | 'lost';
}

/** What one `commit` did: every write in order, and the rows still in the backlog per table. */
export interface CommitReport {
  writes: CommitWrite[];
  backlog: Record<TableName, number>;
}

/** Cumulative counters a sink reports for the storage panel and the column-store metrics. */
export interface StorageStats {
  kind: string;
  /** Option rows written (the options table). */
  rowsTotal: number;
  bytesTotal: number;
  appendsTotal: number;
  failuresTotal: number;
  /** Partitions (files) touched since start. */
  partitions: number;
  /** Rows accepted but not yet durable (always 0 for the synchronous file sink). */
  backlogRows: number;
  /** Partitions cut back to their last committed cycle at start-up (crash recovery). */
  repairedTails: number;
  lastPartition: string | null;
}

/**
 * A storage sink. `append` must be atomic per batch: after a crash a reader sees all rows of the
 * batch or none (never a torn row). It may throw; the pipeline retries it as a recoverable phase,
 * so an append must be idempotent-or-nothing on failure (write nothing when it throws).
 * A networked store implements this same interface (see docs/runtime.md).
 */
export interface StorageSink {
  readonly kind: string;
  append(batch: RowBatch): Promise<AppendResult>;
  /**
   * Called once the cycle's appends are done, before the cycle is reported done. A file store
   * makes the cycle's batches durable together here (a crash before it loses the whole cycle, a
   * crash after it none of it), and throwing fails the cycle. A batching store writes everything
   * staged since the last commit (one write per table, the backlog first) and never throws:
   * writes that fail are kept in a backlog and reported, so collection goes on during an outage.
   */
  commit?(cycle: number): Promise<CommitReport | void>;
  stats(): StorageStats;
  close(): Promise<void>;
}

/** A sink that keeps nothing (benchmark cycles, tests). */
export function createNullSink(): StorageSink {
  const s: StorageStats = { kind: 'null', rowsTotal: 0, bytesTotal: 0, appendsTotal: 0, failuresTotal: 0, partitions: 0, backlogRows: 0, repairedTails: 0, lastPartition: null };
  return {
    kind: 'null',
    async append(batch) {
      if (batch.table === 'options') s.rowsTotal += batch.rows.length;
      s.appendsTotal++;
      return { table: batch.table, rows: batch.rows.length, bytes: 0, partition: '' };
    },
    stats: () => ({ ...s }),
    async close() {},
  };
}
