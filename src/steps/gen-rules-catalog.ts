/** gen-rules-catalog: docs/RULES_CATALOG.md from the rule files; --check exits 8 when stale. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { generateRulesCatalog } from '../generators/rules/rules-catalog';
import type { Step } from './step';
import { regenerateFix } from './options';
import { readRuleFiles } from './rule-inputs';

interface Options {
  rules: string[];
  output: string;
}

export const genRulesCatalogStep: Step<Options> = {
  id: 'gen-rules-catalog',
  description: 'generate the markdown catalog of the Prometheus rule files (group, record/alert, expression, for, severity)',
  exitCode: ExitCode.RECORDING_RULES_DRIFT,
  checkFlag: '--check',
  options: [
    { flags: '--rules <paths...>', description: 'rule files or PrometheusRule resources to list, in order; files, folders or globs', default: [DEFAULT_PATHS.recordingRules, DEFAULT_PATHS.alerts, DEFAULT_PATHS.alertSuggestions], fromPaths: ['recording_rules', 'alerts', 'alert_suggestions'] },
    { flags: '--output <file>', description: 'catalog to write', default: DEFAULT_PATHS.rulesCatalog, fromPaths: 'rules_catalog' },
  ],
  inputs: (o) => [...o.rules],
  run(ws, o) {
    const files = readRuleFiles(ws, o.rules).map((r) => ({ path: r.display, file: r.file }));
    return { artifacts: [generateRulesCatalog(files, ws.display(o.output))], findings: [], stats: { rule_files: files.length } };
  },
  summarize({ result, mode, failed }, o) {
    if (failed) return `gen-rules-catalog: ${o.output} is out of date; ${regenerateFix('gen-rules-catalog')}`;
    return `gen-rules-catalog: ${String(result.stats.rule_files)} rule files; ${o.output} ${mode === 'check' ? 'is current' : 'up to date'}`;
  },
};
