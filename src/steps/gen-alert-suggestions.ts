/** gen-alert-suggestions: rules/alert_suggestions.yml and its promtool tests; --check exits 9. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { generateRuleOutputs } from '../generators/rules/rule-outputs';
import type { Step } from './step';
import { ruleOutputOptions, summarizeRuleOutputs, type RuleStepOptions } from './rule-outputs';

export const genAlertSuggestionsStep: Step<RuleStepOptions> = {
  id: 'gen-alert-suggestions',
  description: 'generate spec-driven alert suggestions (p95 regression, success ratio, backlog ETA and stall) with promtool tests',
  exitCode: ExitCode.SUGGESTIONS_DRIFT,
  checkFlag: '--check',
  options: ruleOutputOptions(DEFAULT_PATHS.alertSuggestions, 'alert_suggestions', 'suggestions'),
  inputs: (o) => [o.spec],
  run(ws, o) {
    const model = ws.model(o.spec);
    const out = generateRuleOutputs(model, 'suggestions', { output: ws.display(o.output), testsDir: ws.display(o.testsDir), recordingRules: ws.display(o.recordingRules), resolve: (p) => ws.undisplay(p) });
    return { artifacts: out.artifacts, findings: [], stats: { alerts: out.rules, test_groups: out.tests, spec_hash: model.specHash } };
  },
  summarize: (outcome, o) => summarizeRuleOutputs('gen-alert-suggestions', 'suggestions or their tests', outcome, o),
};
