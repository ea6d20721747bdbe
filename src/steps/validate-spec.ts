/** validate-spec: the spec against its schema and lint rules, every expression parsed; errors exit 3. */
import { ExitCode } from '../cli/exit-codes';
import type { Step } from './step';
import { specOption } from './options';

interface Options {
  spec: string;
  strict?: boolean;
}

export const validateSpecStep: Step<Options> = {
  id: 'validate-spec',
  description: 'check the metric spec against its schema and lint rules (every problem, located)',
  exitCode: ExitCode.INVALID_INPUT,
  options: [specOption, { flags: '--strict', description: 'treat warnings as errors' }],
  inputs: (o) => [o.spec],
  run(ws, o) {
    const state = ws.spec(o.spec, { expressions: true });
    const model = state.check?.model;
    return {
      artifacts: [],
      findings: state.findings,
      stats: { spec: state.display, ...(model ? { spec_hash: model.specHash, metrics: model.metrics.length } : {}), strict: o.strict === true },
      failOnWarning: o.strict === true,
    };
  },
  summarize({ result, failed }) {
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const warnings = result.findings.filter((f) => f.severity === 'warning').length;
    const s = result.stats;
    if (s.metrics === undefined) return `validate-spec: ${String(s.spec)}: YAML syntax error`;
    return `validate-spec: ${String(s.spec)}: ${String(s.metrics)} metrics, ${errors} error(s), ${warnings} warning(s)${failed ? '' : ' — OK'} (spec_hash ${String(s.spec_hash)})`;
  },
};
