/** The key table is the one source: docs/runtime.md carries exactly its table, and its names do not collide. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigTable } from '../../src/runtime/config-docs';
import { CONFIG_KEYS } from '../../src/runtime/config-keys';
import { REPO_ROOT } from '../support/cli';

const DOC = join(REPO_ROOT, 'docs', 'runtime.md');
const BEGIN = '<!-- config table: generated from src/runtime/config-keys.ts; do not edit by hand -->\n';
const END = '<!-- end of config table -->';

describe('the config key table', () => {
  it('is the table in docs/runtime.md (G6_UPDATE_GOLDEN=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    if (process.env.G6_UPDATE_GOLDEN === '1') writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}${renderConfigTable()}${doc.slice(end)}`);
    else expect(doc.slice(start + BEGIN.length, end)).toBe(renderConfigTable());
  });

  it('gives every key its own variable, aliases and flag', () => {
    const variables = CONFIG_KEYS.flatMap((k) => [k.env, ...(k.aliases ?? [])]);
    const flags = CONFIG_KEYS.flatMap((k) => (k.flag ? [k.flag.name, `--no-${k.flag.name.slice(2)}`] : []));
    expect(new Set(variables).size).toBe(variables.length);
    expect(new Set(flags).size).toBe(flags.length);
    expect(flags).not.toContain('--config');
    expect(flags).not.toContain('--print-config');
  });

  it('renders one row per key, each with its default', () => {
    const rows = renderConfigTable().split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1])).toEqual([...CONFIG_KEYS.map((k) => k.path), 'indices']);
    expect(rows[0]).toBe('| `cycles` | `--cycles <n>` | `G6_CYCLES` | `0` | integer >= 0 | cycles to run; 0 = until stopped |');
  });
});
