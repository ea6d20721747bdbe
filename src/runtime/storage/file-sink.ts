/**
 * The embedded storage: daily-partitioned CSV (with header) or NDJSON files under `<data-dir>`:
 * `options/<INDEX>/<YYYY-MM-DD>.<ext>`, `overview/<YYYY-MM-DD>.<ext>`, `errors/<YYYY-MM-DD>.<ext>`;
 * one append per partition per cycle, made durable per cycle by the commit journal
 * `<data-dir>/commits.ndjson`.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readdirSync, readSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs, readIfExists, staleTempNote, writeFileAtomic } from '../../output/write-file';
import { serializeRows } from './serialize-rows';
import type { AppendResult, RowBatch, StorageSink, StorageStats } from './sink';

export interface FileSinkOptions {
  root: string;
  format: 'csv' | 'ndjson';
  /** Recovery notes at start-up (partitions cut back, stale temps removed); one line each. */
  warn?(message: string): void;
}

/** The commit journal, relative to the root. */
export const COMMIT_JOURNAL = 'commits.ndjson';

/** Journal lines appended before the journal is rewritten as one line of the committed sizes. */
const COMPACT_AFTER_LINES = 1000;

const PARTITION_FILE = /^\d{4}-\d{2}-\d{2}\.(csv|ndjson)$/;

/**
 * Write all of `buf` at the end of `fd` (opened for appending), continuing after short writes.
 * On any failure the file is cut back to `before` and the error rethrown: a failed append leaves nothing.
 */
function appendAll(fd: number, buf: Buffer, before: number, file: string): void {
  try {
    for (let off = 0; off < buf.length; ) {
      const n = writeSync(fd, buf, off, buf.length - off);
      if (n <= 0) throw new Error(`write to ${file} made no progress at byte ${off} of ${buf.length}`);
      off += n;
    }
  } catch (err) {
    ftruncateSync(fd, before);
    throw err;
  }
}

/** Size up to and including the last newline (legacy recovery when there is no journal). */
function lastNewlineEnd(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 16);
    for (let end = fstatSync(fd).size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const idx = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (idx >= 0) return start + idx + 1;
      end = start;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * Committed size of each partition from the journal: the fold of its complete lines in order; the
 * first torn or unparsable line ends it (nothing after it was committed). Undefined without a journal.
 */
export function readCommitJournal(root: string): Map<string, number> | undefined {
  const text = readIfExists(join(root, COMMIT_JOURNAL));
  if (text === undefined) return undefined;
  const sizes = new Map<string, number>();
  const end = text.lastIndexOf('\n');
  for (const line of text.slice(0, end + 1).split('\n').slice(0, -1)) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      break;
    }
    const s = (entry as { sizes?: unknown } | null)?.sizes;
    if (s === null || typeof s !== 'object') break;
    for (const [rel, size] of Object.entries(s)) if (Number.isSafeInteger(size) && (size as number) >= 0) sizes.set(rel, size as number);
  }
  return sizes;
}

/** Partition files under `root`, relative to it, as `options/<INDEX>/<date>.<ext>`, `overview/…`, `errors/…`. */
function listPartitions(root: string): string[] {
  const files = (dir: string): string[] => {
    try {
      return readdirSync(join(root, dir), { withFileTypes: true })
        .filter((e) => e.isFile() && PARTITION_FILE.test(e.name))
        .map((e) => `${dir}/${e.name}`);
    } catch {
      return [];
    }
  };
  let indexDirs: string[] = [];
  try {
    indexDirs = readdirSync(join(root, 'options'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `options/${e.name}`);
  } catch {
    // no options yet
  }
  return [...indexDirs.flatMap(files), ...files('overview'), ...files('errors')].sort();
}

export interface Recovery {
  /** Committed size of every partition after recovery. */
  committed: Map<string, number>;
  /** Partitions cut back (or removed when nothing of them was committed), with the bytes dropped. */
  cut: { partition: string; bytes: number }[];
  /** Temp files of an interrupted journal rewrite, removed. */
  staleTemps: string[];
}

/**
 * Bring the partitions under `root` back to the last committed cycle: a partition longer than its
 * journal size is truncated to it, one the journal does not know is removed (it was created by an
 * uncommitted cycle). Without a journal (a data folder of an older g6) each partition is cut back
 * to its last newline. Then the journal is rewritten as one line of the committed sizes (a fresh
 * folder gets an empty journal, so its first cycle is protected too).
 * Idempotent: a crash during recovery is repaired by the next one.
 */
export function recoverPartitions(root: string): Recovery {
  const journal = readCommitJournal(root);
  const committed = new Map<string, number>();
  const cut: Recovery['cut'] = [];
  for (const rel of listPartitions(root)) {
    const file = join(root, rel);
    const size = statSync(file).size;
    const keep = journal ? Math.min(size, journal.get(rel) ?? 0) : lastNewlineEnd(file);
    if (keep < size) {
      if (keep === 0) unlinkSync(file);
      else truncateSync(file, keep);
      cut.push({ partition: rel, bytes: size - keep });
    }
    if (keep > 0) committed.set(rel, keep);
  }
  const staleTemps = writeJournal(root, committed);
  return { committed, cut, staleTemps };
}

function journalLine(cycle: number, sizes: ReadonlyMap<string, number>): string {
  return `${JSON.stringify({ cycle, sizes: Object.fromEntries(sizes) })}\n`;
}

function writeJournal(root: string, committed: ReadonlyMap<string, number>): string[] {
  return writeFileAtomic(join(root, COMMIT_JOURNAL), journalLine(0, committed));
}

/**
 * Crash guarantee: all of a cycle's rows or none, in every partition, even under kill -9. Each
 * batch is serialised in memory and appended (short writes continued; a failed append is cut back,
 * so the pipeline's retry cannot duplicate rows). `commit(cycle)` then appends one line with the
 * new size of every partition the cycle touched to the journal. A process killed before that line
 * is complete leaves bytes beyond the committed sizes; the next start cuts them away
 * ({@link recoverPartitions}), so a reader after a restart sees whole cycles only. Durability is
 * the page cache's (no fsync): a process crash loses nothing committed, a power loss may.
 */
export function createFileSink(opts: FileSinkOptions): StorageSink {
  const ext = opts.format === 'csv' ? 'csv' : 'ndjson';
  const journalFile = join(opts.root, COMMIT_JOURNAL);
  const recovery = recoverPartitions(opts.root);
  const committed = recovery.committed;
  for (const c of recovery.cut) opts.warn?.(`storage: cut ${c.partition} back to its last committed cycle (${c.bytes} bytes of an interrupted cycle dropped)`);
  for (const t of recovery.staleTemps) opts.warn?.(`storage: ${staleTempNote(t)}`);
  /** Sizes of the partitions appended since the last commit. */
  const pending = new Map<string, number>();
  const touched = new Set<string>();
  let journalLines = 1;
  const stats: StorageStats = { kind: `file-${opts.format}`, rowsTotal: 0, bytesTotal: 0, appendsTotal: 0, failuresTotal: 0, partitions: 0, backlogRows: 0, repairedTails: recovery.cut.length, lastPartition: null };
  return {
    kind: stats.kind,
    async append(batch: RowBatch): Promise<AppendResult> {
      const dir = batch.table === 'options' ? `options/${batch.index ?? 'ALL'}` : batch.table;
      const rel = `${dir}/${batch.date}.${ext}`;
      const file = join(opts.root, rel);
      try {
        makeDirs(join(opts.root, dir));
        const fd = openSync(file, 'a');
        try {
          const before = fstatSync(fd).size;
          const buf = serializeRows(batch.columns, batch.rows, opts.format, before === 0);
          appendAll(fd, buf, before, file);
          pending.set(rel, before + buf.length);
          if (!touched.has(rel)) {
            touched.add(rel);
            stats.partitions++;
          }
          if (batch.table === 'options') stats.rowsTotal += batch.rows.length;
          stats.bytesTotal += buf.length;
          stats.appendsTotal++;
          stats.lastPartition = rel;
          return { table: batch.table, rows: batch.rows.length, bytes: buf.length, partition: rel };
        } finally {
          closeSync(fd);
        }
      } catch (err) {
        stats.failuresTotal++;
        throw err;
      }
    },
    async commit(cycle: number): Promise<void> {
      if (pending.size === 0) return;
      if (journalLines >= COMPACT_AFTER_LINES) {
        writeJournal(opts.root, new Map([...committed, ...pending]));
        journalLines = 1;
      } else {
        const fd = openSync(journalFile, 'a');
        try {
          appendAll(fd, Buffer.from(journalLine(cycle, pending), 'utf8'), fstatSync(fd).size, journalFile);
        } finally {
          closeSync(fd);
        }
        journalLines++;
      }
      for (const [rel, size] of pending) committed.set(rel, size);
      pending.clear();
    },
    stats: () => ({ ...stats }),
    async close() {},
  };
}
