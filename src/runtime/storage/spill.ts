/**
 * The backlog of a networked store on disk: one file per batch that could not be written (its
 * body as the store takes it), `<seq>-<table>-<rows>.batch`, replayed oldest first. Each file appears whole (temp + rename)
 * and is removed only after its batch was written, so a crash loses no batch.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TableName } from './sink';

export interface SpilledBatch {
  table: TableName;
  rows: number;
  file: string;
  /** The batch's body. */
  read(): Buffer;
  /** Delete the file (after the batch was written). */
  remove(): void;
}

export interface Spill {
  /** Batches already on disk, oldest first (an earlier run's included). */
  list(): SpilledBatch[];
  /** Store one batch; throws when the disk refuses. */
  write(table: TableName, rows: number, body: Buffer): SpilledBatch;
}

const NAME = /^(\d{12})-(options|overview|errors)-(\d+)\.batch$/;

function batchAt(dir: string, name: string, table: TableName, rows: number): SpilledBatch {
  const file = join(dir, name);
  return { table, rows, file, read: () => readFileSync(file), remove: () => rmSync(file, { force: true }) };
}

/** The spill folder `dir` (created on the first write). */
export function createSpill(dir: string): Spill {
  let seq = 0;
  const list = (): SpilledBatch[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const out: SpilledBatch[] = [];
    for (const name of names.sort()) {
      const m = NAME.exec(name);
      if (!m) continue;
      seq = Math.max(seq, Number(m[1]));
      out.push(batchAt(dir, name, m[2] as TableName, Number(m[3])));
    }
    return out;
  };
  list();
  return {
    list,
    write(table, rows, body) {
      mkdirSync(dir, { recursive: true });
      const name = `${String(++seq).padStart(12, '0')}-${table}-${rows}.batch`;
      const tmp = join(dir, `.${name}.tmp`);
      writeFileSync(tmp, body);
      renameSync(tmp, join(dir, name));
      return batchAt(dir, name, table, rows);
    },
  };
}
