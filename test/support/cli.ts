/** Runs the real bin/g6 as a child process, the way users and CI do. */
import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSyncUntilExit } from './wait';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const G6_BIN = join(REPO_ROOT, 'bin', 'g6');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** A bound on the run (a hostile input must not hang g6); the shared generous deadline otherwise. */
  deadlineMs?: number;
}

/** Run `g6 <args>` and wait for it to exit (see spawnSyncUntilExit); colour is off unless the test sets FORCE_COLOR. */
export function runG6(args: readonly string[], options: CliOptions = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const res = spawnSyncUntilExit(process.execPath, [G6_BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: env as NodeJS.ProcessEnv, input: options.input, deadlineMs: options.deadlineMs });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/** A fresh temporary directory; `copy` lists repo-relative paths to copy into it. */
export function tempWorkspace(copy: readonly string[] = []): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'g6-test-'));
  for (const p of copy) cpSync(join(REPO_ROOT, p), join(dir, p), { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
