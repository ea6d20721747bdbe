/** gen-metrics: typed accessors and the metrics catalog; --check exits 5 on drift. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { generateMetrics } from '../generators/metrics/generate-metrics';
import type { Step } from './step';
import { specOption } from './options';

interface Options {
  spec: string;
  out: string;
}

export const genMetricsStep: Step<Options> = {
  id: 'gen-metrics',
  description: 'generate typed metric accessors and the metrics catalog from the spec',
  exitCode: ExitCode.METRICS_DRIFT,
  checkFlag: '--check',
  options: [specOption, { flags: '--out <dir>', description: 'output directory', default: DEFAULT_PATHS.generatedDir, fromPaths: 'generated' }],
  inputs: (o) => [o.spec],
  run(ws, o) {
    const model = ws.model(o.spec);
    const out = ws.display(o.out);
    const artifacts = generateMetrics(model).map((a) => ({ ...a, path: `${out}/${a.path}` }));
    return { artifacts, findings: [], stats: { metrics: model.metrics.length, files: artifacts.length, spec_hash: model.specHash } };
  },
  summarize({ result, mode, failed }) {
    const s = result.stats;
    if (failed) return `gen-metrics: generated file(s) out of date; run g6 gen-metrics and commit the result`;
    return `gen-metrics: ${String(s.metrics)} metrics, ${String(s.files)} files ${mode === 'check' ? 'current' : 'up to date'} (spec_hash ${String(s.spec_hash)})`;
  },
};
