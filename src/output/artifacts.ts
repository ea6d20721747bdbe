/**
 * Artifacts are generator output held in memory. One writer applies them in two modes:
 * `write` (atomic temp file + rename) and `check` (compare, touch nothing).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Artifact {
  /** Path relative to the output root, with forward slashes. */
  path: string;
  /** Full file content: LF line endings, trailing newline. */
  content: string;
}

export interface ArtifactStatus {
  path: string;
  state: 'unchanged' | 'stale' | 'missing' | 'written';
}

/** Normalise generated text: LF only, exactly one trailing newline. */
export function finalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n*$/, '\n');
}

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

/** Current content of a file, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Compare artifacts with the files under `root`; in `write` mode rewrite only those that differ.
 * Returns one status per artifact in input order. `check` mode never touches the file system.
 */
export function applyArtifacts(
  artifacts: readonly Artifact[],
  root: string,
  mode: 'write' | 'check',
): ArtifactStatus[] {
  return artifacts.map((artifact) => {
    const file = join(root, artifact.path);
    const current = readIfExists(file);
    if (current === artifact.content) return { path: artifact.path, state: 'unchanged' };
    if (mode === 'check') return { path: artifact.path, state: current === undefined ? 'missing' : 'stale' };
    writeFileAtomic(file, artifact.content);
    return { path: artifact.path, state: 'written' };
  });
}
