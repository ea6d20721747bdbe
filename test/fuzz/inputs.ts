/**
 * The fuzz suite's inputs: for every kind of file g6 reads, a real seed file, random edits of it,
 * and hostile documents (alias and merge bombs, deep nesting, recursion, several documents).
 * Seeded and bounded; G6_FUZZ_SEED picks another seed and G6_FUZZ_SCALE multiplies every case count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { REPO_ROOT } from '../support/cli';
import { billionLaughs, mergeBomb } from '../support/hostile';
import { makeSnapshot } from '../parity/fixtures';

export const FUZZ_SEED = Number(process.env.G6_FUZZ_SEED ?? 16);
const SCALE = Number(process.env.G6_FUZZ_SCALE ?? 1);

/** `n` cases at scale 1, `n × G6_FUZZ_SCALE` in a bench run. */
export const cases = (n: number): number => Math.max(1, Math.round(n * SCALE));

const repo = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');
const DASHBOARDS = 'grafana/dashboards/generated';
export const DASHBOARD_FILES = readdirSync(join(REPO_ROOT, DASHBOARDS)).filter((f) => f.endsWith('.json'));

/** Text that breaks YAML, JSON or the exposition format where it lands. */
const TOKENS = [
  '{', '}', '[', ']', ':', ': ', ',', '"', "'", '\n', '\n- ', '- ', '&a ', '*a', '*a ', '<<: *a\n', '<<: [*a, *a]\n', '---\n', '...\n',
  '!!binary ', '!!js/regexp /x/', '!!python/object:x {}', '\t', '# ', '\\', '\u0000', '\ufeff', '\u2028', '\r\n', '1e400', '-1e-400', 'NaN', '+Inf',
  '-', '|\n', '>-\n', '? ', '%YAML 1.1\n', 'null', '~', '&a [*a]', '"\\u12"', '"\\x"', '9'.repeat(400), '{}', '[]', '=', '#', ' # TYPE x counter\n', 'x{a="', '} 1\n',
];

type Edit = { op: 'delete' | 'duplicate'; at: number; len: number } | { op: 'insert'; at: number; text: string } | { op: 'truncate'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 12 })) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function applyEdit(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  if (e.op === 'delete') return text.slice(0, at) + text.slice(at + e.len);
  if (e.op === 'duplicate') return text.slice(0, at + e.len) + text.slice(at);
  if (e.op === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  return text.slice(0, at);
}

/** `seed` with one to four random edits. */
export const mutationOf = (seed: string): fc.Arbitrary<string> => fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce(applyEdit, seed));

const nestedBlock = (n: number): string => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n');

/** YAML built to exhaust a reader: bombs, deep nesting, recursion, several documents. */
export const hostileYaml: fc.Arbitrary<string> = fc.oneof(
  fc.record({ levels: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 2, max: 12 }) }).map(({ levels, width }) => billionLaughs(levels, width)),
  fc.record({ levels: fc.integer({ min: 1, max: 14 }), width: fc.integer({ min: 2, max: 10 }) }).map(({ levels, width }) => mergeBomb(levels, width)),
  fc.integer({ min: 50, max: 6000 }).map((n) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`),
  fc.integer({ min: 50, max: 6000 }).map((n) => `a: ${'{b: '.repeat(n)}1${'}'.repeat(n)}\n`),
  fc.integer({ min: 50, max: 1200 }).map(nestedBlock),
  fc.integer({ min: 50, max: 3000 }).map((n) => `${'- '.repeat(n)}x\n`),
  fc.constantFrom('a: &a [*a]\n', 'a: &a {b: *a}\n', 'a: &a\n  <<: *a\n', 'x: 1\n---\ny: 2\n', '--- 1\n--- 2\n', 'a: *nope\n', `k: ${'x'.repeat(100_000)}\n`),
);

/** JSON built to exhaust a reader: deep nesting, long strings, random values. */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 50, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 50, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.integer({ min: 50, max: 20_000 }).map((n) => '['.repeat(n)),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('', ' ', '\ufeff{}', '{"a":1}{"b":2}', `"${'x'.repeat(100_000)}`, '[1e400, -0, 1E-400]'),
);

const GATE_PARITY = 'g6_pipeline_parity_rolling_avg';

const hostileExposition: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 1, max: 5000 }).map((n) => `${GATE_PARITY}{${Array.from({ length: n }, (_, i) => `l${i}="${i}"`).join(',')}} 1\n`),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `${GATE_PARITY} 1 ${'9'.repeat(n)}\n`),
  fc.constantFrom(`${GATE_PARITY} 1e308\n`, `${GATE_PARITY} NaN\n`, `${GATE_PARITY}{a="\\q"} 1\n`, '# TYPE x counter\n# TYPE x gauge\nx 1\n'),
);

export type Syntax = 'yaml' | 'json' | 'text';

/** One kind of input: its seed, its syntax, and the file name the fuzzed text is written to. */
export interface InputKind {
  name: string;
  file: string;
  syntax: Syntax;
  seed: string;
}

export const KINDS: readonly InputKind[] = [
  { name: 'spec', file: 'spec.yml', syntax: 'yaml', seed: repo('spec/metrics.yml') },
  { name: 'dashboard plan', file: 'plan.yml', syntax: 'yaml', seed: repo('spec/dashboards.yml') },
  { name: 'rule file', file: 'rules.yml', syntax: 'yaml', seed: repo('rules/recording_rules.yml') },
  { name: 'promtool test file', file: 'alerts.test.yml', syntax: 'yaml', seed: repo('rules/tests/alerts.test.yml') },
  { name: 'run config (YAML)', file: 'run.yml', syntax: 'yaml', seed: 'cycles: 5\nseed: 9\nintervalSeconds: 2\nstorage:\n  format: ndjson\nretry:\n  maxAttempts: 3\n' },
  { name: 'run config (JSON)', file: 'run.json', syntax: 'json', seed: '{"cycles": 5, "seed": 9, "storage": {"format": "ndjson"}, "indices": [{"name": "NIFTY", "strikeStep": 50}]}\n' },
  { name: 'dashboard', file: 'dash.json', syntax: 'json', seed: repo(`${DASHBOARDS}/${DASHBOARD_FILES[0]}`) },
  { name: 'dashboard manifest', file: '.g6/manifest.json', syntax: 'json', seed: repo(`${DASHBOARDS}/.g6/manifest.json`) },
  { name: 'snapshot', file: 'snapshot.json', syntax: 'json', seed: `${JSON.stringify(makeSnapshot(), null, 2)}\n` },
  { name: 'rolling state', file: 'state.json', syntax: 'json', seed: '{"schema_version": 1, "window": 3, "scores": [0.9, 0.95]}\n' },
  {
    name: 'exposition text',
    file: 'metrics.prom',
    syntax: 'text',
    seed: `# TYPE ${GATE_PARITY} gauge\n${GATE_PARITY}{index="NIFTY"} 0.99\n# TYPE g6_pipeline_index_fatal_total counter\ng6_pipeline_index_fatal_total{index="NIFTY"} 1\n# TYPE g6_pipeline_index_recoverable_total counter\ng6_pipeline_index_recoverable_total{index="NIFTY"} 40\n`,
  },
];

/** Fuzzed text for `kind`: mostly edits of its seed, sometimes a hostile document, alone or after the seed. */
export function inputsOf(kind: InputKind): fc.Arbitrary<string> {
  const hostile = kind.syntax === 'yaml' ? hostileYaml : kind.syntax === 'json' ? hostileJson : hostileExposition;
  return fc.oneof(
    { weight: 5, arbitrary: mutationOf(kind.seed) },
    { weight: 2, arbitrary: hostile },
    { weight: 1, arbitrary: hostile.map((h) => `${kind.seed}\n${h}`) },
  );
}
