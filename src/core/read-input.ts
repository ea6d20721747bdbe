/** Reading an input file the user named, with the refusal turned into an InputError (exit 3). */
import { readFileSync } from 'node:fs';
import { InputError } from './errors';

/** Why a read failed, in words: "file not found", "is a directory", or the system's message. */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory';
  return (err as Error).message ?? String(code);
}

/** Read a file as UTF-8; a missing or unreadable file is an InputError naming the path (as `label`), what it is, and the fix. */
export function readInputFile(path: string, what: string, label = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${label}: cannot read ${what}: ${readFailure(err)}; check the path`);
  }
}
