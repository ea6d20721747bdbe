/** generated/metrics.ts type-checks, and its label types reject values the spec does not declare. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, tempWorkspace } from '../support/cli';

describe('generated/metrics.ts', () => {
  it('compiles under strict TypeScript together with a typed usage sample', () => {
    const ws = tempWorkspace();
    try {
      const sample = join(ws.dir, 'usage.ts');
      const generated = join(REPO_ROOT, 'generated', 'metrics.ts').replace(/\.ts$/, '');
      writeFileSync(
        sample,
        [
          `import { createG6Metrics, METRIC_DEFINITIONS, SPEC_HASH, type MetricFactory } from ${JSON.stringify(generated)};`,
          'declare const factory: MetricFactory;',
          'const m = createG6Metrics(factory);',
          "m.pipelinePhaseAttemptsTotal.inc({ phase: 'atm' });",
          '// @ts-expect-error a phase the spec does not declare',
          "m.pipelinePhaseAttemptsTotal.inc({ phase: 'no_such_phase' });",
          '// @ts-expect-error a label the metric does not have',
          "m.pipelineCyclesTotal.inc({ phase: 'atm' });",
          'm.pipelineCyclesTotal.inc({});',
          'export const n: number = Object.keys(METRIC_DEFINITIONS).length + SPEC_HASH.length;',
          '',
        ].join('\n'),
      );
      const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const res = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--target', 'ES2022', '--module', 'commonjs', '--types', 'node', '--typeRoots', join(REPO_ROOT, 'node_modules/@types'), sample], { encoding: 'utf8' });
      expect(res.stdout + res.stderr).toBe('');
      expect(res.status).toBe(0);
    } finally {
      ws.cleanup();
    }
  });
});
