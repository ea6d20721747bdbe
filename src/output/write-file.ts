/** Atomic file writes under one temp-file naming scheme, folder creation that fails fast, and reads that tell "absent" from "unreadable". */
// fs.promises is read at call time: commands that never write asynchronously do not load it
import { mkdirSync, promises as fsPromises, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors';
import { readBoundedText } from '../core/read-input';

let token: string | undefined;
/**
 * Tells this process's temp files from those of a dead process that had the same pid (a container's
 * pid 1). Drawn on first use: a check that meets no temp file never loads node:crypto.
 */
const processToken = (): string =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (token ??= (require('node:crypto') as typeof import('node:crypto')).randomBytes(4).toString('hex'));

/** `<file>.<pid>.<token>.tmp`; also matches the older `<file>.<pid>.<random>.tmp`. */
const TEMP_NAME = /^.+\.(\d+)\.([0-9a-z]+)\.tmp$/;

/** The temp file of an atomic write of `file` by this process: `<file>.<pid>.<token>.tmp`. */
export function tempFileName(file: string): string {
  return `${file}.${process.pid}.${processToken()}.tmp`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The temp files in `dir` that writes of earlier processes left behind when they were killed:
 * names of the {@link tempFileName} scheme whose pid is not running, or is this process's pid
 * with another token (sorted). Temps of running processes are not stale. Reads only; a missing
 * or unreadable folder has none.
 */
export function findStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const stale: string[] = [];
  for (const name of names.sort()) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid ? m[2] === processToken() : isRunning(pid)) continue;
    stale.push(join(dir, name));
  }
  return stale;
}

/** Remove the {@link findStaleTemps stale temps} of `dir`; returns the removed paths. */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  for (const path of findStaleTemps(dir)) {
    try {
      unlinkSync(path);
      removed.push(path);
    } catch {
      // removed by someone else meanwhile, or not ours to remove: nothing to report
    }
  }
  return removed;
}

/** The one-line report of a removed stale temp file. */
export function staleTempNote(path: string): string {
  return `removed stale temp file ${path}, left by a write that a crash interrupted`;
}

function refusal(dir: string, err: unknown): InputError {
  const e = err as NodeJS.ErrnoException;
  return new InputError(`cannot use ${dir}: the file system refuses to create ${e.path ?? dir} (${e.code ?? e.message}); check the path and its permissions`);
}

/**
 * Create `dir` and its missing parents, one level at a time. Node's recursive mkdir spins forever
 * when a parent refuses children with ENOENT (/proc); here any refusal is an InputError naming
 * the folder (exit 3), at once.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      if (statSync(d).isDirectory()) break;
      throw new InputError(`cannot use ${dir}: ${d} is a file, not a folder; pick another path`);
    } catch (err) {
      if (err instanceof InputError) throw err;
      // ENOTDIR: a parent further up is a file, which the next level names
      if (!['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '') || dirname(d) === d) throw refusal(dir, err);
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw refusal(dir, err);
    }
  }
}

/** Folders whose stale temps this process already removed (each is swept on its first write). */
const sweptFolders = new Set<string>();

/** Make the folder of `file` and, on the first write into it in this process, remove its stale temps (returned). */
function prepareAtomicWrite(file: string): string[] {
  const dir = dirname(resolve(file));
  makeDirs(dir);
  if (sweptFolders.has(dir)) return [];
  const removed = removeStaleTemps(dir);
  sweptFolders.add(dir);
  return removed;
}

/**
 * Write `content` to `file` atomically: a crash leaves the old file or the new one, never half of
 * either (temp file {@link tempFileName}, then rename). The first write into a folder in this
 * process also removes the stale temps there ({@link removeStaleTemps}) and returns their paths,
 * for the caller to report; later writes return []. Throws InputError when the folder cannot be
 * made, and the write's error otherwise (the temp file removed).
 */
export function writeFileAtomic(file: string, content: string | Buffer): string[] {
  const removed = prepareAtomicWrite(file);
  const tmp = tempFileName(file);
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
  return removed;
}

/**
 * {@link writeFileAtomic} with the write and the rename on libuv's thread pool: the event loop
 * stays free while the file system works (a rename over a file can block for tens of ms on a busy
 * disk). Same guarantees, result and errors. At most one write of a given file at a time per
 * process: concurrent ones would share the temp file.
 */
export async function writeFileAtomicAsync(file: string, content: string | Buffer): Promise<string[]> {
  const removed = prepareAtomicWrite(file);
  const tmp = tempFileName(file);
  try {
    await fsPromises.writeFile(tmp, content);
    await fsPromises.rename(tmp, file);
  } catch (err) {
    // the temp file may never have been created; the original error is the one to report
    await fsPromises.unlink(tmp).catch(() => undefined);
    throw err;
  }
  return removed;
}

/** Current content of a file, or undefined when it does not exist. Other read errors, and a file over `maxBytes` (default: the input limit; InputLimitError naming `label`), are thrown. */
export function readIfExists(file: string, label = file, maxBytes?: number): string | undefined {
  try {
    return readBoundedText(file, label, maxBytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
