/** Runs the real bin/g6 with a capped heap and a deadline, and reports its peak memory. */
import { join } from 'node:path';
import { runG6, type CliOptions, type CliResult } from './cli';

export interface BoundedResult extends CliResult {
  /** Peak resident memory of the child, in MiB. */
  rssMiB: number;
}

/** Heap cap and deadline for one hostile input: far above what g6 needs, far below what a bomb takes. */
export const HEAP_MIB = 256;
const DEADLINE_MS = 60_000;

/** A stack trace or an internal error: never acceptable output for bad input. */
export const STACK_TRACE = /^\s+at .+[:(]\d+:\d+\)?$|internal error|RangeError|TypeError/m;

/** `g6 <args>` under a V8 heap cap and a deadline (a timeout throws); `stderr` without the memory line. */
export function runG6Bounded(args: readonly string[], options: CliOptions = {}): BoundedResult {
  const preload = join(__dirname, 'report-rss.js');
  const res = runG6(args, { deadlineMs: DEADLINE_MS, ...options, env: { ...options.env, NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB} --require ${preload}` } });
  const m = /\n\[rss-kib (\d+)\]\n$/.exec(res.stderr);
  return { ...res, stderr: m ? res.stderr.slice(0, m.index) : res.stderr, rssMiB: m ? Number(m[1]) / 1024 : Number.NaN };
}
