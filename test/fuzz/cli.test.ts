/**
 * Fuzz through the real bin/g6: a few seeded cases of every input kind, each run by the command
 * that reads it under a heap cap and a deadline. Asserts the exit code is one the command
 * documents, no stack trace, peak memory bounded, and a refusal (exit 3) names the file.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ExitCode } from '../../src/cli/exit-codes';
import { runG6Bounded, STACK_TRACE } from '../support/bounded-run';
import { REPO_ROOT, tempWorkspace } from '../support/cli';
import { cases, FUZZ_SEED, inputsOf, KINDS, type InputKind } from './inputs';

const { OK, INVALID_INPUT } = ExitCode;

/** The command that reads each kind (the fuzzed file at `file`, relative to the workspace), and the exit codes it documents. */
const COMMANDS: Record<string, { args: (file: string) => string[]; codes: number[] }> = {
  spec: { args: (f) => ['validate-spec', '--spec', f], codes: [OK, INVALID_INPUT] },
  'dashboard plan': { args: (f) => ['gen-dashboards', '--plan', f, '--dry-run'], codes: [OK, INVALID_INPUT] },
  'rule file': { args: (f) => ['audit-quantiles', '--rules', f], codes: [OK, INVALID_INPUT, ExitCode.QUANTILE_VIOLATIONS] },
  'promtool test file': { args: () => ['gen-alerts', '--check'], codes: [OK, INVALID_INPUT, ExitCode.ALERTS_DRIFT] },
  'run config (YAML)': { args: (f) => ['run', '--config', f, '--cycles', '1', '--interval', '0', '--linger', '0', '--listen', '', '--data-dir', 'data'], codes: [OK, INVALID_INPUT, ExitCode.RUN_FAILED] },
  dashboard: { args: (f) => ['audit-quantiles', '--dashboards', f], codes: [OK, INVALID_INPUT, ExitCode.QUANTILE_VIOLATIONS] },
  'dashboard manifest': { args: (f) => ['validate-coverage', '--dashboards', join(f, '..', '..')], codes: [OK, INVALID_INPUT, ExitCode.COVERAGE_GAPS] },
  snapshot: { args: (f) => ['parity-snapshot', '--baseline', f, '--candidate', f], codes: [OK, INVALID_INPUT] },
  'rolling state': { args: (f) => ['parity-snapshot', '--baseline', 'snap.json', '--candidate', 'snap.json', '--rolling-window', '3', '--state', f], codes: [OK, INVALID_INPUT] },
  'exposition text': { args: (f) => ['ci-gate', '--metrics-file', f], codes: [OK, ExitCode.GATE_BREACHED, ExitCode.GATE_DATA_MISSING] },
};
COMMANDS['run config (JSON)'] = COMMANDS['run config (YAML)']!;

/** Where the command reads the fuzzed text from: the promtool test file is the one gen-alerts --check compares. */
const fileOf = (kind: InputKind): string => (kind.name === 'promtool test file' ? 'rules/tests/alerts.test.yml' : kind.name === 'dashboard manifest' ? 'dash/.g6/manifest.json' : kind.file);

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  ws = tempWorkspace(['spec', 'rules', 'grafana']);
  mkdirSync(join(ws.dir, 'dash'));
  cpSync(join(REPO_ROOT, 'grafana/dashboards/generated'), join(ws.dir, 'dash'), { recursive: true });
  writeFileSync(join(ws.dir, 'snap.json'), KINDS.find((k) => k.name === 'snapshot')!.seed);
});
afterAll(() => ws.cleanup());

describe.each(KINDS.map((k) => [k.name, k] as const))('%s through bin/g6', (_, kind) => {
  const command = COMMANDS[kind.name]!;
  const texts = fc.sample(inputsOf(kind), { seed: FUZZ_SEED, numRuns: cases(3) });
  it.each(texts.map((text, i) => [i, text] as const))('case %i: a documented exit code, no stack trace, bounded memory, the file named', (_, text) => {
    const file = fileOf(kind);
    writeFileSync(join(ws.dir, file), text);
    const r = runG6Bounded(command.args(file), { cwd: ws.dir });
    expect(command.codes).toContain(r.code);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.rssMiB).toBeLessThan(300);
    if (r.code === INVALID_INPUT) expect(r.stderr).toContain(file.replace(/\/\.g6\/manifest\.json$/, ''));
  });
});
