/** Read-only snapshot of an output folder for check modes: listing plus the contents of named files. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFailure } from '../core/read-input';

export type FileState = { text: string } | { error: string };

export interface FolderContents {
  /** Named files that exist (text) or exist but cannot be read (error). Absent files are left out. */
  files: Map<string, FileState>;
  /** Names of the regular files directly in the folder with extension `ext`, sorted. */
  listed: string[];
}

/** Read `names` from `dir` and list its `ext` files. A missing folder reads as empty. Never writes. */
export function readFolder(dir: string, names: readonly string[], ext: string): FolderContents {
  let listed: string[] = [];
  try {
    listed = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(ext))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const files = new Map<string, FileState>();
  for (const name of names) {
    try {
      files.set(name, { text: readFileSync(join(dir, name), 'utf8') });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      files.set(name, { error: readFailure(err) });
    }
  }
  return { files, listed };
}
