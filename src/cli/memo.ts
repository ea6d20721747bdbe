/**
 * Memoised read-only commands. A check is a pure function of the files it reads, its options and
 * the g6 build, so its whole result (stdout, stderr, exit code) is stored under a key made of
 * exactly those, and replayed when none of them changed — the way build tools skip up-to-date
 * steps. Any edit to an input file, an output file being checked, the options, a G6_* variable
 * or the g6 build makes a new key. Active only in the bundled CLI (dist/g6.js); the store lives
 * in node_modules/.cache/g6 (G6_CACHE_DIR overrides; G6_NO_CACHE=1 turns it off).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sha256Hex } from '../core/hash';
import { writeFileAtomic } from '../output/artifacts';
import type { CommandContext, Io } from './io';

export interface MemoInputs {
  /**
   * Every file or folder the command reads. A file is keyed by its content, a folder by the names
   * and contents of everything under it, a missing path by its absence.
   */
  paths: readonly string[];
  /** Everything else the result depends on (parsed options). */
  params: unknown;
}

interface Replay {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const STORE_VERSION = 1;

function storeDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.G6_NO_CACHE === '1' || env.G6_NO_CACHE === 'true') return undefined;
  if (basename(__filename) !== 'g6.js') return undefined; // not the bundled CLI (tests import sources)
  return env.G6_CACHE_DIR || join(dirname(__filename), '..', 'node_modules', '.cache', 'g6');
}

type Digest = string | null | { [name: string]: Digest };

/** File digests already computed in this process (g6 verify reads the same files in several steps). */
const seen = new Map<string, { stamp: string; digest: string }>();

function fileDigest(path: string, stamp: string): string {
  const known = seen.get(path);
  if (known && known.stamp === stamp) return known.digest;
  const digest = sha256Hex(readFileSync(path));
  seen.set(path, { stamp, digest });
  return digest;
}

/** Content hash of a file, or of a folder tree as {name: digest}; null when absent or unreadable. */
function pathDigest(path: string): Digest {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return null; // absent: the command reports it; the key records its absence
  }
  if (stat.isDirectory()) {
    const names = readdirSync(path).sort();
    return Object.fromEntries(names.map((n) => [n, pathDigest(join(path, n))]));
  }
  try {
    return fileDigest(path, `${stat.size}:${stat.mtimeMs}:${stat.ino}`);
  } catch {
    return null;
  }
}

function memoKey(ctx: CommandContext, command: string, inputs: MemoInputs): string {
  const bundle = statSync(__filename);
  const g6Env = Object.fromEntries(Object.entries(ctx.io.env).filter(([k]) => k.startsWith('G6_') || k === 'NO_COLOR' || k === 'FORCE_COLOR').sort());
  // every member is built in a fixed order, so plain JSON is canonical here
  return sha256Hex(
    JSON.stringify({
      v: STORE_VERSION,
      build: `${bundle.size}:${bundle.mtimeMs}`,
      command,
      params: inputs.params ?? null,
      tty: ctx.io.stderrIsTty,
      env: g6Env,
      paths: Object.fromEntries(inputs.paths.map((p) => [p, pathDigest(p)])),
    }),
  );
}

/**
 * Run `run` (which prints through ctx.io and sets ctx.exitCode), or replay its stored result when
 * the same inputs were seen before. Results of runs that throw are never stored.
 */
export async function withMemo(ctx: CommandContext, command: string, inputs: MemoInputs, run: () => Promise<void>): Promise<void> {
  const dir = storeDir(ctx.io.env);
  if (!dir) return run();
  const file = join(dir, `${memoKey(ctx, command, inputs)}.json`);
  try {
    const hit = JSON.parse(readFileSync(file, 'utf8')) as Replay;
    if (hit.stdout) ctx.io.stdout(hit.stdout);
    if (hit.stderr) ctx.io.stderr(hit.stderr);
    ctx.exitCode = hit.exitCode;
    return;
  } catch {
    // no stored result (or an unreadable one): run the command
  }
  const record: Replay = { stdout: '', stderr: '', exitCode: 0 };
  const outer: Io = ctx.io;
  ctx.io = {
    ...outer,
    stdout: (s) => ((record.stdout += s), outer.stdout(s)),
    stderr: (s) => ((record.stderr += s), outer.stderr(s)),
  };
  try {
    await run();
  } finally {
    ctx.io = outer;
  }
  record.exitCode = ctx.exitCode;
  try {
    writeFileAtomic(file, JSON.stringify(record));
  } catch {
    // a read-only install: the result stands, it just is not remembered
  }
}
