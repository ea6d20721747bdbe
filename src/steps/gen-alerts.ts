/** gen-alerts: rules/alerts.yml and its promtool tests from the spec's alerts; --check exits 7. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { parseSeverityMap } from '../generators/rules/alerts';
import { generateRuleOutputs } from '../generators/rules/rule-outputs';
import type { UntestedAlert } from '../generators/rules/rule-tests';
import type { Finding } from '../core/findings';
import { locate } from '../spec/parse-yaml';
import type { Step } from './step';
import { ruleOutputOptions, summarizeRuleOutputs, type RuleStepOptions } from './rule-outputs';

interface Options extends RuleStepOptions {
  severityMap?: string;
  requireTests?: boolean;
}

export const genAlertsStep: Step<Options> = {
  id: 'gen-alerts',
  description: "generate Prometheus alerting rules from the spec's alerts, with promtool unit tests",
  exitCode: ExitCode.ALERTS_DRIFT,
  checkFlag: '--check',
  options: [
    ...ruleOutputOptions(DEFAULT_PATHS.alerts, 'alerts', 'alerts'),
    { flags: '--severity-map <json>', description: 'JSON object mapping alert names or severities to the severity label (default: $G6_ALERT_SEVERITY_MAP)' },
    { flags: '--require-tests', description: 'an alert without a unit test (alerts/no-unit-test) is an error, not a warning' },
  ],
  inputs: (o) => [o.spec],
  run(ws, o) {
    const source = o.severityMap !== undefined ? '--severity-map' : ws.env.G6_ALERT_SEVERITY_MAP ? 'G6_ALERT_SEVERITY_MAP' : undefined;
    const severityMap = source ? parseSeverityMap(o.severityMap ?? ws.env.G6_ALERT_SEVERITY_MAP ?? '', source) : {};
    const model = ws.model(o.spec);
    const out = generateRuleOutputs(model, 'alerts', { output: ws.display(o.output), testsDir: ws.display(o.testsDir), recordingRules: ws.display(o.recordingRules), severityMap, resolve: (p) => ws.undisplay(p) });
    const parsed = ws.spec(o.spec).check?.parsed;
    const findings = out.untested.map((u) => untestedFinding(u, o.requireTests === true, model.path, parsed && ((p: string) => locate(parsed, p))));
    return { artifacts: out.artifacts, findings, stats: { alerts: out.rules, test_groups: out.tests, untested: out.untested.map((u) => u.alert.alert), spec_hash: model.specHash } };
  },
  summarize: (outcome, o) => summarizeRuleOutputs('gen-alerts', 'alert rules or their tests', outcome, o),
};

/** `alerts/no-unit-test`: the alert is written, but nothing proves it can fire; the fix is the test block to add. */
function untestedFinding({ alert, reason, testBlock }: UntestedAlert, required: boolean, file: string, position?: (pointer: string) => { line: number; column: number }): Finding {
  const where = position?.(alert.pointer);
  return {
    ruleId: 'alerts/no-unit-test',
    severity: required ? 'error' : 'warning',
    message: `alert ${alert.alert} is written without a unit test: ${reason}`,
    fix: `add to the alert a test block with series that make it fire and series that keep it silent:\n${testBlock}`,
    location: { file, line: where?.line, column: where?.column, pointer: alert.pointer },
    context: { alert: alert.alert, test: testBlock },
  };
}
