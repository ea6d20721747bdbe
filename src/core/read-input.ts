/**
 * The one reader of input files: sized before it is read, refused over the byte limit without
 * reading it all, and a refusal turned into an InputError (exit 3) that names the file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './errors';
import { humanSize, InputLimitError, inputLimits } from './input-limits';

/** Why a read failed, in words: "file not found", "is a directory", or the system's message. */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory';
  return (err as Error).message ?? String(code);
}

/**
 * The file's text (UTF-8). A regular file larger than the byte limit is refused from its size
 * alone; a stream (a FIFO, /dev/zero) is read up to the limit and refused when it goes on.
 * Throws InputLimitError naming `label`, or the file system's own error (with its `code`).
 */
export function readBoundedText(path: string, label: string, max = inputLimits().bytes): string {
  return readBoundedBytes(path, label, max).toString('utf8');
}

/** {@link readBoundedText}'s bytes, not decoded. */
export function readBoundedBytes(path: string, label: string, max = inputLimits().bytes): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > max) throw new InputLimitError(label, 'bytes', `the file is ${humanSize(size)}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - total, 64 * 1024), max + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > max) throw new InputLimitError(label, 'bytes', `the file goes on past ${humanSize(max)}`);
    }
    // a regular file arrives in one chunk, kept without a copy
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Buffers {@link fileHolds} reuses, grown to the largest file it compared: checking files allocates nothing once they are large enough. */
const scratch: { text: Buffer; file: Buffer } = { text: Buffer.alloc(0), file: Buffer.alloc(0) };

const atLeast = (buf: Buffer, size: number): Buffer => (buf.length >= size ? buf : Buffer.allocUnsafe(Math.max(size, 2 * buf.length)));

/**
 * Whether the file at `path` holds exactly `content` (a text as UTF-8, or bytes). False without
 * reading when its size differs, and when it is missing, unreadable or not a regular file (the
 * caller's own read then says why). Neither the file nor a text is turned into a new string or
 * buffer: both are written into buffers reused across calls and compared there.
 */
export function fileHolds(path: string, content: string | Buffer): boolean {
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size !== size) return false;
    scratch.file = atLeast(scratch.file, size + 1);
    let n = 0;
    // one byte more than the content: a file that grew since fstat does not hold it
    for (let got; n <= size && (got = readSync(fd, scratch.file, n, size + 1 - n, null)) > 0; ) n += got;
    if (n !== size) return false;
    let expected = content as Buffer;
    if (typeof content === 'string') {
      scratch.text = atLeast(scratch.text, size);
      scratch.text.write(content, 0, 'utf8');
      expected = scratch.text;
    }
    return scratch.file.compare(expected, 0, size, 0, size) === 0;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Read a file as UTF-8; a missing, unreadable or oversized file is an InputError naming the path (as `label`), what it is, and the fix. */
export function readInputFile(path: string, what: string, label = path): string {
  return found(readOptionalInputFile(path, what, label), what, label);
}

/** {@link readInputFile}'s bytes, not decoded: for a caller that compares them with what it read before. */
export function readInputBytes(path: string, what: string, label = path): Buffer {
  return found(explained(path, what, label, readBoundedBytes), what, label);
}

function found<T>(read: T | undefined, what: string, label: string): T {
  if (read === undefined) throw new InputError(`${label}: cannot read ${what}: file not found; check the path`);
  return read;
}

/** {@link readInputFile}, but a file that does not exist reads as undefined. */
export function readOptionalInputFile(path: string, what: string, label = path): string | undefined {
  return explained(path, what, label, readBoundedText);
}

/** What `read` gives for the file; undefined when it does not exist, any other failure an InputError. */
function explained<T>(path: string, what: string, label: string, read: (path: string, label: string) => T): T | undefined {
  try {
    return read(path, label);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof InputError) throw err;
    throw new InputError(`${label}: cannot read ${what}: ${readFailure(err)}; check the path`);
  }
}
