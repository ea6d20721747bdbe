/** Parses the `parity.baseline` setting: a provider spec (sim, sim:<seed>, module:export) or a snapshot directory. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { PLUGIN_SPEC } from '../providers/plugin-spec';

/** What `--parity-baseline` names. */
export type BaselineSpec =
  | { kind: 'sim'; /** undefined = the live run's seed */ seed?: number }
  | { kind: 'plugin'; spec: string }
  | { kind: 'snapshots'; dir: string };

const SIM = /^sim(?::(\d+))?$/;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Interpret `value` (non-empty): `sim` / `sim:<seed>` first (any other `sim:` value is invalid), then an existing directory (resolved
 * against `cwd`), then `<module>:<export>`. Returns undefined when it is none of them.
 */
export function parseBaselineSpec(value: string, cwd: string): BaselineSpec | undefined {
  const sim = SIM.exec(value);
  if (sim) return sim[1] === undefined ? { kind: 'sim' } : { kind: 'sim', seed: Number(sim[1]) };
  if (value.startsWith('sim:')) return undefined; // reserved for sim:<seed>; `sim:abc` is a typo, not a module named "sim"
  const dir = resolve(cwd, value);
  if (isDirectory(dir)) return { kind: 'snapshots', dir };
  if (PLUGIN_SPEC.test(value)) return { kind: 'plugin', spec: value };
  return undefined;
}

/** Why `value` is not a usable baseline, or undefined when it is. */
export function baselineSpecProblem(value: string, cwd: string): string | undefined {
  if (parseBaselineSpec(value, cwd)) return undefined;
  return `expected sim, sim:<seed>, <module>:<export> or an existing directory of snapshot summaries, got ${JSON.stringify(value)}`;
}
