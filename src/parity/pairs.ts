/** Finding snapshot pairs for the weight study: `BASE:CAND` arguments and baseline/candidate files in a directory. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../core/errors';

/** Split `BASE:CAND` at the first colon that is not a Windows drive letter's (`C:/x/a.json:C:/x/b.json` works). */
export function parsePairArgument(text: string): [string, string] {
  for (let i = 1; i < text.length - 1; i++) {
    if (text[i] !== ':') continue;
    const a = text.slice(0, i);
    const b = text.slice(i + 1);
    if (a !== '' && b !== '' && !/^[A-Za-z]$/.test(a)) return [a, b];
  }
  throw new UsageError(`--pairs "${text}": expected BASELINE.json:CANDIDATE.json`);
}

/**
 * In `dir`, every `*.json` whose name contains `baseline` pairs with the file of the same name with
 * the first `baseline` replaced by `candidate` (e.g. `cycle-12.baseline.json` ↔
 * `cycle-12.candidate.json`). Baselines without a candidate are returned in `unpaired`. Sorted by
 * name. Throws InputError when `dir` cannot be listed.
 */
export function discoverPairs(dir: string, shown: string): { pairs: Array<[string, string]>; unpaired: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${shown}: cannot list directory: ${code === 'ENOENT' ? 'not found' : (err as Error).message}`);
  }
  const present = new Set(names);
  const pairs: Array<[string, string]> = [];
  const unpaired: string[] = [];
  for (const name of [...names].sort()) {
    if (!name.endsWith('.json') || !name.includes('baseline')) continue;
    const cand = name.replace('baseline', 'candidate');
    if (present.has(cand)) pairs.push([join(dir, name), join(dir, cand)]);
    else unpaired.push(name);
  }
  return { pairs, unpaired };
}
