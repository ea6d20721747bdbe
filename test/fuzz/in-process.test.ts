/**
 * Fuzz, in process for volume: every input kind's loader, fed edits of a real file and hostile
 * documents, returns or throws a g6 error that names the file — never another error, never a
 * syntax error "at position N". Time and memory are bounded by the test timeout and the heap.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { G6Error } from '../../src/core/errors';
import { jsonSyntaxError } from '../../src/core/parse-json';
import { readDashboardPaths, readManifestDashboards } from '../../src/auditors/read-dashboards';
import { diffDashboard } from '../../src/auditors/dashboard-drift/diff-dashboards';
import { observeExposition } from '../../src/gate/evaluate';
import { applyArtifacts } from '../../src/output/apply-artifacts';
import { loadSnapshotSummary } from '../../src/parity/load-snapshot';
import { loadRollingState } from '../../src/parity/rolling';
import { loadRuntimeConfig } from '../../src/runtime/config';
import { Workspace } from '../../src/steps/workspace';
import { REPO_ROOT } from '../support/cli';
import { cases, FUZZ_SEED, inputsOf, KINDS, mutationOf, type InputKind } from './inputs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'g6-fuzz-'));
  mkdirSync(join(dir, 'fuzz'));
  // the manifest's dashboards, so a fuzzed manifest that still lists them reads them
  cpSync(join(REPO_ROOT, 'grafana/dashboards/generated'), join(dir, 'fuzz'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = new Workspace(REPO_ROOT, {}).model('spec/metrics.yml');
const dashboard = JSON.parse(KINDS.find((k) => k.name === 'dashboard')!.seed) as Record<string, unknown>;

/** How each kind is loaded, the way its command loads it; `display` is the name messages must use. */
const LOADERS: Record<string, (abs: string, display: string) => unknown> = {
  spec: (_, display) => {
    const ws = new Workspace(dir, {});
    ws.spec(display, { expressions: true });
    return ws.model(display);
  },
  'dashboard plan': (_, display) => new Workspace(dir, {}).plan(display, model),
  'rule file': (_, display) => new Workspace(dir, {}).ruleFile(display),
  'promtool test file': (_, display) => applyArtifacts([{ path: display, kind: 'yaml', content: KINDS.find((k) => k.name === 'promtool test file')!.seed }], dir, 'check', { fix: 'regenerate' }),
  'run config (YAML)': (_, display) => loadRuntimeConfig({ file: display, cwd: dir, env: {}, flags: {} }),
  'run config (JSON)': (_, display) => loadRuntimeConfig({ file: display, cwd: dir, env: {}, flags: {} }),
  dashboard: (abs, display) => {
    readDashboardPaths([abs], new Workspace(dir, {}));
    return applyArtifacts([{ path: display, kind: 'dashboard', content: `${JSON.stringify(dashboard)}\n`, label: 'x' }], dir, 'check', { fix: 'regenerate' });
  },
  'dashboard manifest': (abs, display) => readManifestDashboards({ abs: join(abs, '..', '..'), display: display.replace(/\/\.g6\/manifest\.json$/, '') }),
  snapshot: (abs, display) => loadSnapshotSummary(abs, display),
  'rolling state': (abs) => loadRollingState(abs),
  'exposition text': (abs, display) => observeExposition(readFileSync(abs, 'utf8'), { kind: 'metrics-file', location: display }),
};

/** Run the loader; anything but success or a g6 error naming the file fails the property. */
function loadsOrRefuses(kind: InputKind, text: string): void {
  const display = `fuzz/${kind.file}`;
  const abs = join(dir, display);
  writeFileSync(abs, text);
  const label = kind.name === 'rolling state' ? abs : display;
  try {
    LOADERS[kind.name]!(abs, display);
  } catch (err) {
    if (!(err instanceof G6Error)) throw err;
    if (!err.message.includes(label)) throw new Error(`the message does not name ${label}: ${err.message}`);
    if (/at position \d+/.test(err.message)) throw new Error(`a syntax error without line and column: ${err.message}`);
  }
}

describe.each(KINDS.map((k) => [k.name, k] as const))('%s', (_, kind) => {
  it('loads or is refused with a g6 error naming the file', () => {
    fc.assert(
      fc.property(inputsOf(kind), (text) => loadsOrRefuses(kind, text)),
      { seed: FUZZ_SEED, numRuns: cases(kind.name === 'spec' ? 120 : 250) },
    );
  });
});

describe('the JSON syntax locator', () => {
  it('agrees with JSON.parse on what is JSON', () => {
    const texts = fc.oneof(mutationOf('{"a": [1, -2.5e3, true, null, "x\\u00e9"], "b": {}}'), fc.string({ unit: 'binary', maxLength: 20 }), fc.jsonValue().map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(texts, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        return (jsonSyntaxError(text) === undefined) === valid;
      }),
      { seed: FUZZ_SEED, numRuns: cases(1000) },
    );
  });
});
