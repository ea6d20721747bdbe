/**
 * The embedded storage: daily-partitioned CSV (with header) or NDJSON files under `<data-dir>`:
 * `options/<INDEX>/<YYYY-MM-DD>.<ext>`, `overview/<YYYY-MM-DD>.<ext>`, `errors/<YYYY-MM-DD>.<ext>`;
 * one append per partition per cycle.
 */
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AppendResult, RowBatch, StorageSink, StorageStats } from './sink';

export interface FileSinkOptions {
  root: string;
  format: 'csv' | 'ndjson';
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Serialise rows in the declared schema order. CSV: header only when `withHeader`. */
export function serializeRows(columns: readonly string[], rows: readonly Record<string, unknown>[], format: 'csv' | 'ndjson', withHeader: boolean): string {
  const parts: string[] = [];
  if (format === 'csv') {
    if (withHeader) parts.push(`${columns.join(',')}\n`);
    for (const r of rows) {
      let line = '';
      for (let i = 0; i < columns.length; i++) line += (i ? ',' : '') + csvCell(r[columns[i] as string]);
      parts.push(`${line}\n`);
    }
  } else {
    for (const r of rows) {
      const o: Record<string, unknown> = {};
      for (const c of columns) o[c] = r[c] ?? null;
      parts.push(`${JSON.stringify(o)}\n`);
    }
  }
  return parts.join('');
}

/**
 * Cut a torn tail (bytes after the last newline) left by a crash in the middle of a write.
 * Returns true when something was cut.
 */
function repairTornTail(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const chunk = Buffer.alloc(Math.min(size, 1 << 16));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const n = readSync(fd, chunk, 0, end - start, start);
    const idx = chunk.subarray(0, n).lastIndexOf(0x0a);
    if (idx >= 0) {
      const keep = start + idx + 1;
      if (keep === size) return false;
      ftruncateSync(fd, keep);
      return true;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
  return true;
}

/**
 * Crash guarantee: each batch is serialised completely in memory first and written with a single
 * write(2) on a file opened O_APPEND, so a process crash leaves either all of the batch or none
 * (a regular-file write is not interrupted by signals). A power loss could still tear the last
 * write; therefore the first time a partition is opened in a process, bytes after its last
 * newline are cut, so a reader never sees a torn row. A partial write reported by the OS is
 * rolled back by truncating to the previous size, so a failed append writes nothing and the
 * pipeline's retry cannot duplicate rows.
 */
export function createFileSink(opts: FileSinkOptions): StorageSink {
  const ext = opts.format === 'csv' ? 'csv' : 'ndjson';
  const checked = new Set<string>();
  const stats: StorageStats = { kind: `file-${opts.format}`, rowsTotal: 0, bytesTotal: 0, appendsTotal: 0, failuresTotal: 0, partitions: 0, backlogRows: 0, repairedTails: 0, lastPartition: null };
  return {
    kind: stats.kind,
    async append(batch: RowBatch): Promise<AppendResult> {
      const dir = batch.table === 'options' ? `options/${batch.index ?? 'ALL'}` : batch.table;
      const rel = `${dir}/${batch.date}.${ext}`;
      const file = join(opts.root, rel);
      try {
        mkdirSync(join(opts.root, dir), { recursive: true });
        const fd = openSync(file, 'a+');
        try {
          if (!checked.has(file)) {
            if (repairTornTail(fd)) stats.repairedTails++;
            checked.add(file);
            stats.partitions++;
          }
          const before = fstatSync(fd).size;
          const buf = Buffer.from(serializeRows(batch.columns, batch.rows, opts.format, before === 0), 'utf8');
          if (buf.length > 0) {
            const written = writeSync(fd, buf, 0, buf.length);
            if (written !== buf.length) {
              ftruncateSync(fd, before);
              throw new Error(`short write to ${file}: ${written} of ${buf.length} bytes`);
            }
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
    stats: () => ({ ...stats }),
    async close() {},
  };
}
