/** Alerting rules from the spec's alerts: one group per family, standard rule-file schema only. Pure. */
import { UsageError } from '../../core/errors';
import type { Artifact } from '../../core/artifacts';
import { generatedHeader } from '../../output/serialize';
import { DEFAULT_PATHS, RULE_GROUP_INTERVAL, ruleGroupNames } from '../../model/conventions';
import type { AlertSpec, Model } from '../../model/types';
import { ruleFileArtifact, type AlertingRule, type RuleFile, type RuleGroup } from '../../rules/rule-file';

/**
 * Severity overrides: keys are alert names or spec severities, values the severity label to emit.
 * An alert-name key wins over a severity key.
 */
export type SeverityMap = Readonly<Record<string, string>>;

/** Parse a severity map given as JSON (`--severity-map` or G6_ALERT_SEVERITY_MAP); bad JSON is a UsageError naming `source`. */
export function parseSeverityMap(json: string, source: string): SeverityMap {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new UsageError(`${source}: not valid JSON (${(err as Error).message}); give an object such as {"critical":"page","warning":"ticket"}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${source}: must be a JSON object mapping alert names or severities to severities, e.g. {"critical":"page"}`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' || v === '') throw new UsageError(`${source}: value of "${k}" must be a non-empty string`);
    out[k] = v;
  }
  return out;
}

/** The alerting rule of one spec alert: labels = spec labels + severity (mapped); annotations summary/description. */
export function alertRule(alert: AlertSpec, severityMap: SeverityMap = {}): AlertingRule {
  const severity = severityMap[alert.alert] ?? severityMap[alert.severity] ?? alert.severity;
  const annotations: Record<string, string> = {};
  if (alert.summary) annotations.summary = alert.summary.trim();
  if (alert.description) annotations.description = alert.description.trim();
  return {
    alert: alert.alert,
    expr: alert.expr,
    ...(alert.for ? { for: alert.for } : {}),
    labels: { ...alert.labels, severity },
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
}

/** All spec alerts grouped by family (spec order). Families without alerts get no group. */
export function generateAlerts(model: Model, severityMap: SeverityMap = {}): RuleFile {
  const groups: RuleGroup[] = [];
  for (const family of model.families) {
    const rules = family.metrics.flatMap((m) => m.alerts.map((a) => alertRule(a, severityMap)));
    if (rules.length) groups.push({ name: ruleGroupNames.alerts(family.name), interval: RULE_GROUP_INTERVAL, rules });
  }
  return { groups };
}

/** The rendered alert file as an artifact at `path` (default rules/alerts.yml). */
export function renderAlerts(model: Model, file: RuleFile, path: string = DEFAULT_PATHS.alerts): Artifact {
  return ruleFileArtifact(path, file, generatedHeader('gen-alerts', model.specHash));
}
