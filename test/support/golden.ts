/** Golden-file comparison; `G6_UPDATE_GOLDEN=1` rewrites the goldens (review them in the diff). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './cli';

export function expectGolden(relPath: string, actual: string): void {
  const file = join(REPO_ROOT, relPath);
  if (process.env.G6_UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`golden ${relPath} missing; run G6_UPDATE_GOLDEN=1 npx jest to create it`);
  }
  expect(actual).toBe(expected);
}
