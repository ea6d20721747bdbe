/** Writes per-cycle snapshot summaries under <data-dir>/snapshots/ atomically and prunes the oldest beyond the retention bound. */
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs, staleTempNote, writeFileAtomicAsync } from '../../output/write-file';
import { validateSnapshotSummary, type SnapshotSummary } from '../../parity/snapshot';
import { SNAPSHOT_FILE_PATTERN, snapshotFileName } from './snapshot-summary';

export interface SnapshotStoreOptions {
  dir: string;
  /** Keep at most this many snapshot files (the newest by name); 0 = keep all. */
  keep: number;
  warn(message: string): void;
}

/**
 * The snapshot directory. Lists it once at start-up, then tracks its own writes, so retention costs
 * one unlink per cycle at steady state and no directory scan. Files not named like
 * {@link snapshotFileName} are never touched.
 */
export class SnapshotStore {
  private readonly names: string[];

  constructor(private readonly opts: SnapshotStoreOptions) {
    makeDirs(opts.dir);
    this.names = readdirSync(opts.dir)
      .filter((f) => SNAPSHOT_FILE_PATTERN.test(f))
      .sort();
  }

  /**
   * Validate `summary` against the schema and write it (compact JSON + newline, temp file + rename,
   * off the event loop). Resolves with the file path, or null when the summary is invalid or the
   * write failed (warned, never rejected: a snapshot must not stop collection). Calls must not overlap.
   */
  async write(summary: SnapshotSummary): Promise<string | null> {
    const problems = validateSnapshotSummary(summary);
    if (problems.length > 0) {
      this.opts.warn(`snapshot of cycle ${summary.cycle} not written: ${problems.slice(0, 3).map((p) => `${p.pointer}: ${p.message}`).join('; ')}`);
      return null;
    }
    const name = snapshotFileName(summary);
    const file = join(this.opts.dir, name);
    try {
      for (const stale of await writeFileAtomicAsync(file, `${JSON.stringify(summary)}\n`)) this.opts.warn(`snapshots: ${staleTempNote(stale)}`);
    } catch (err) {
      this.opts.warn(`snapshot ${file}: ${(err as Error).message}`);
      return null;
    }
    if (!this.names.includes(name)) {
      this.names.push(name);
      if (this.names.length > 1 && name < this.names[this.names.length - 2]!) this.names.sort();
    }
    this.prune();
    return file;
  }

  private prune(): void {
    if (this.opts.keep <= 0) return;
    while (this.names.length > this.opts.keep) {
      const oldest = this.names.shift()!;
      try {
        unlinkSync(join(this.opts.dir, oldest));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.warn(`snapshot retention: cannot delete ${oldest}: ${(err as Error).message}`);
      }
    }
  }
}
