/** The real promtool for rule tests; a missing promtool fails the test with the install command (never a skip). */
import { spawnSync } from 'node:child_process';
import { spawnSyncUntilExit } from './wait';

export const PROMTOOL_MISSING = 'promtool not found: apt-get install -y prometheus';

/** Candidates already found to work in this test file. */
const working = new Set<string>();

/** Path of promtool ($PROMTOOL or on PATH); throws with the install command when absent. */
export function requirePromtool(env: NodeJS.ProcessEnv = process.env): string {
  const candidate = env.PROMTOOL ?? 'promtool';
  if (working.has(candidate)) return candidate;
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', env });
  if (probe.error || probe.status !== 0) throw new Error(PROMTOOL_MISSING);
  working.add(candidate);
  return candidate;
}

export interface PromtoolResult {
  code: number;
  output: string;
}

/** Run `promtool <args>` in `cwd` and wait for it to exit (see spawnSyncUntilExit). */
export function promtool(args: readonly string[], cwd: string): PromtoolResult {
  const bin = requirePromtool();
  const res = spawnSyncUntilExit(bin, args, { cwd });
  return { code: res.status ?? -1, output: `${res.stdout}${res.stderr}` };
}
