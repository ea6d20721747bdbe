/** gen-recording-rules: rules/recording_rules.yml from the spec; --check compares rule by rule and exits 8. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { generateRecordingRules, renderRecordingRules } from '../generators/rules/recording-rules';
import { recordNames } from '../rules/rule-file';
import type { Step } from './step';
import { specOption } from './options';
import { readRuleFiles } from './rule-inputs';

interface Options {
  spec: string;
  output: string;
  existing?: string[];
}

export const genRecordingRulesStep: Step<Options> = {
  id: 'gen-recording-rules',
  description: 'generate Prometheus recording rules from the spec (rates, quantiles, ratios, top5, declared derived rules)',
  exitCode: ExitCode.RECORDING_RULES_DRIFT,
  checkFlag: '--check',
  options: [
    specOption,
    { flags: '--output <file>', description: 'rule file to write', default: DEFAULT_PATHS.recordingRules, fromPaths: 'recording_rules' },
    { flags: '--existing <paths...>', description: 'rule files or PrometheusRule resources (files, folders, globs) whose records already exist; those names are skipped and reported' },
  ],
  inputs: (o) => [o.spec, ...(o.existing ?? [])],
  run(ws, o) {
    const model = ws.model(o.spec);
    const existing = recordNames(readRuleFiles(ws, o.existing ?? [], '--existing').map((r) => r.file));
    const result = generateRecordingRules(model, { existing });
    const findings = result.skipped.map((s) => ({
      ruleId: s.reason === 'existing' ? 'rules/skipped-existing' : 'rules/skipped-duplicate',
      severity: 'info' as const,
      message: `skipped: ${s.record} (${s.reason === 'existing' ? 'already defined in an --existing file' : 'duplicate record'})`,
      location: { file: ws.display(o.output) },
    }));
    return {
      artifacts: [renderRecordingRules(model, result, ws.display(o.output))],
      findings,
      stats: { records: result.count, groups: result.file.groups.length, skipped: result.skipped.length, spec_hash: model.specHash },
    };
  },
  summarize({ result, mode, failed }, o) {
    const s = result.stats;
    if (failed) return `gen-recording-rules: ${o.output} drifted from the spec; run g6 gen-recording-rules and commit the result`;
    return `gen-recording-rules: ${String(s.records)} records in ${String(s.groups)} groups${s.skipped ? `, ${String(s.skipped)} skipped` : ''}; ${o.output} ${mode === 'check' ? 'is current' : 'up to date'} (spec_hash ${String(s.spec_hash)})`;
  },
};
