/** gen-alerts: rules/alerts.yml and its promtool tests from the spec's alerts; --check exits 7. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { parseSeverityMap } from '../generators/rules/alerts';
import { generateRuleOutputs } from '../generators/rules/rule-outputs';
import type { Step } from './step';
import { ruleOutputOptions, summarizeRuleOutputs, type RuleStepOptions } from './rule-outputs';

interface Options extends RuleStepOptions {
  severityMap?: string;
}

export const genAlertsStep: Step<Options> = {
  id: 'gen-alerts',
  description: "generate Prometheus alerting rules from the spec's alerts, with promtool unit tests",
  exitCode: ExitCode.ALERTS_DRIFT,
  checkFlag: '--check',
  options: [
    ...ruleOutputOptions(DEFAULT_PATHS.alerts, 'alerts', 'alerts'),
    { flags: '--severity-map <json>', description: 'JSON object mapping alert names or severities to the severity label (default: $G6_ALERT_SEVERITY_MAP)' },
  ],
  inputs: (o) => [o.spec],
  run(ws, o) {
    const source = o.severityMap !== undefined ? '--severity-map' : ws.env.G6_ALERT_SEVERITY_MAP ? 'G6_ALERT_SEVERITY_MAP' : undefined;
    const severityMap = source ? parseSeverityMap(o.severityMap ?? ws.env.G6_ALERT_SEVERITY_MAP ?? '', source) : {};
    const model = ws.model(o.spec);
    const out = generateRuleOutputs(model, 'alerts', { output: ws.display(o.output), testsDir: ws.display(o.testsDir), recordingRules: ws.display(o.recordingRules), severityMap, resolve: (p) => ws.undisplay(p) });
    return { artifacts: out.artifacts, findings: [], stats: { alerts: out.rules, test_groups: out.tests, spec_hash: model.specHash } };
  },
  summarize: (outcome, o) => summarizeRuleOutputs('gen-alerts', 'alert rules or their tests', outcome, o),
};
