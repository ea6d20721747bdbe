/** Atomic file writes and reads that tell "absent" from "unreadable". */
import { mkdirSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { readBoundedText } from '../core/read-input';

/** Write `content` to `file` atomically: a crash leaves the old file or the new one, never half of either. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created; the original error is the one to report
    }
    throw err;
  }
}

/** Current content of a file, or undefined when it does not exist. Other read errors, and a file over the byte limit (InputLimitError naming `label`), are thrown. */
export function readIfExists(file: string, label = file): string | undefined {
  try {
    return readBoundedText(file, label);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
