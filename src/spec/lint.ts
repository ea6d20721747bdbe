/**
 * Semantic lint of a metric spec beyond what the JSON Schema can say. Pure: returns findings,
 * every one located by file:line:col and JSON pointer, each with a fix.
 */
import type { Finding, Severity } from '../core/findings';
import { accessorName, metricRuleNames } from '../model/conventions';
import type { Model } from '../model/types';
import { locate, type ParsedYaml } from './parse-yaml';
import { valueAt } from './schema-check';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED_LABELS = new Set(['le', 'quantile']);
const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/** Lint `model` (built from `parsed`). Findings are unsorted; reporters sort them. */
export function lintSpec(model: Model, parsed: ParsedYaml): Finding[] {
  const findings: Finding[] = [];
  const add = (ruleId: string, severity: Severity, pointer: string, message: string, fix: string): void => {
    const pos = locate(parsed, pointer);
    findings.push({ ruleId, severity, message, fix, location: { file: parsed.file, line: pos?.line, column: pos?.column, pointer } });
  };

  const seenMetrics = new Map<string, string>();
  const seenAccessors = new Map<string, string>();
  const seenAlerts = new Map<string, string>();
  for (const metric of model.metrics) {
    const p = metric.pointer;
    const prior = seenMetrics.get(metric.name);
    if (prior) add('spec/duplicate-metric', 'error', `${p}/name`, `metric "${metric.name}" is defined twice (first at ${prior})`, 'remove or rename one of them');
    else seenMetrics.set(metric.name, p);

    const accessor = accessorName(metric.name);
    const sameAccessor = seenAccessors.get(accessor);
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(accessor)) {
      add('spec/accessor-name', 'error', `${p}/name`, `metric "${metric.name}" would get the accessor "${accessor}", which is not a TypeScript identifier`, 'rename it so the part after g6_ starts with a letter');
    } else if (sameAccessor && sameAccessor !== metric.name) {
      add('spec/accessor-name', 'error', `${p}/name`, `metrics "${sameAccessor}" and "${metric.name}" would get the same accessor "${accessor}"`, 'rename one of them');
    } else seenAccessors.set(accessor, metric.name);

    if (metric.type === 'counter' && !metric.name.endsWith('_total')) {
      add('spec/counter-suffix', 'error', `${p}/name`, `counter "${metric.name}" does not end in _total`, `rename it to "${metric.name}_total"`);
    }
    if (metric.type !== 'counter' && metric.name.endsWith('_total')) {
      add('spec/non-counter-total', 'error', `${p}/name`, `${metric.type} "${metric.name}" ends in _total, which Prometheus reserves for counters`, `drop the _total suffix or make it a counter`);
    }
    if (metric.type === 'histogram' && /_(bucket|sum|count)$/.test(metric.name)) {
      add('spec/histogram-suffix', 'error', `${p}/name`, `histogram "${metric.name}" ends in a suffix Prometheus adds to histogram series`, 'drop the _bucket/_sum/_count suffix');
    }
    const raw = valueAt(parsed.doc, p);
    lintBuckets(metric, valueAt(raw, '/buckets'), add);
    lintLabels(metric, valueAt(raw, '/labels'), add);

    const combos = metric.labels.reduce((acc, l) => acc * (metric.labelValues[l]?.length ?? 1), 1);
    const validBudget = Number.isInteger(metric.cardinalityBudget) && metric.cardinalityBudget >= 1;
    if (validBudget && metric.labels.length > 0 && metric.labels.every((l) => metric.labelValues[l]) && combos > metric.cardinalityBudget) {
      add('spec/budget-below-label-values', 'warning', `${p}/cardinality_budget`, `cardinality_budget ${metric.cardinalityBudget} is below the ${combos} label combinations declared in label_values`, `raise cardinality_budget to at least ${combos}`);
    }
    for (const label of Object.keys(metric.labelValues)) {
      if (!metric.labels.includes(label)) add('spec/label-values-unknown-label', 'error', `${p}/label_values/${label}`, `label_values names "${label}", which is not a label of ${metric.name}`, `add "${label}" to labels or remove it from label_values`);
    }
    metric.quantileLabels.forEach((label, i) => {
      if (metric.type !== 'histogram') add('spec/quantile-labels-not-histogram', 'error', `${p}/quantile_labels`, `quantile_labels is only meaningful on histograms; ${metric.name} is a ${metric.type}`, 'remove quantile_labels');
      else if (!metric.labels.includes(label)) add('spec/quantile-label-unknown', 'error', `${p}/quantile_labels/${i}`, `quantile label "${label}" is not a label of ${metric.name}`, `add "${label}" to labels or remove it from quantile_labels`);
    });
    if (metric.panels.length === 0 && !metric.noPanel) {
      add('spec/no-panels', 'warning', p, `metric "${metric.name}" has no panel hints`, 'add a panels entry, or set no_panel: true if it needs none');
    }
    for (const alert of metric.alerts) {
      const prev = seenAlerts.get(alert.alert);
      if (prev) add('spec/duplicate-alert', 'error', `${alert.pointer}/alert`, `alert "${alert.alert}" is defined twice (first at ${prev})`, 'define each alert once; rename or remove the copy');
      else seenAlerts.set(alert.alert, alert.pointer);
      if (alert.for !== undefined && (alert.for === '' || !DURATION.test(alert.for))) {
        add('spec/for-duration', 'error', `${alert.pointer}/for`, `"for: ${alert.for}" is not a Prometheus duration`, 'write a duration such as 30s, 5m, 1h30m');
      }
      if (!(SEVERITIES as readonly string[]).includes(alert.severity)) {
        add('spec/severity', 'warning', `${alert.pointer}/severity`, `severity "${alert.severity}" is outside the vocabulary`, `use one of: ${SEVERITIES.join(', ')}`);
      }
    }
  }

  const derivedSeen = new Set<string>();
  const conventional = metricRuleNames(model.metrics);
  for (const rule of model.recordingRules) {
    if (derivedSeen.has(rule.record) || conventional.has(rule.record)) {
      add('spec/duplicate-record', 'error', `${rule.pointer}/record`, `recording rule "${rule.record}" is already ${derivedSeen.has(rule.record) ? 'declared above' : 'produced by the naming conventions'}`, 'remove the duplicate declaration');
    }
    derivedSeen.add(rule.record);
  }
  lintSuggestionRefs(model, add);
  return findings;
}

type Add = (ruleId: string, severity: Severity, pointer: string, message: string, fix: string) => void;

function lintBuckets(metric: Model['metrics'][number], raw: unknown, add: Add): void {
  const p = `${metric.pointer}/buckets`;
  if (metric.type !== 'histogram') {
    if (raw !== undefined) add('spec/buckets-not-histogram', 'error', p, `buckets are only meaningful on histograms; ${metric.name} is a ${metric.type}`, 'remove buckets or change the type to histogram');
    return;
  }
  if (raw === undefined) {
    add('spec/buckets-required', 'error', metric.pointer, `histogram ${metric.name} has no buckets`, 'add ascending bucket upper bounds, e.g. buckets: [0.01, 0.1, 1, 10]');
  }
  // a non-list or empty list is a schema error already
  if (!Array.isArray(raw)) return;
  // non-numbers and ±Inf/NaN are schema errors (type number); ordering is checked on the rest
  const nums = raw.filter((b): b is number => typeof b === 'number' && Number.isFinite(b));
  for (let i = 1; i < nums.length; i++) {
    if (nums[i]! <= nums[i - 1]!) {
      add('spec/bucket-order', 'error', p, `buckets must ascend strictly; got [${raw.map(String).join(', ')}]`, `sort and de-duplicate them: ${JSON.stringify([...new Set(nums)].sort((a, b) => a - b))}`);
      break;
    }
  }
}

function lintLabels(metric: Model['metrics'][number], raw: unknown, add: Add): void {
  if (!Array.isArray(raw)) return;
  const seen = new Set<string>();
  raw.forEach((label, i) => {
    if (typeof label !== 'string') return;
    const p = `${metric.pointer}/labels/${i}`;
    if (!LABEL_NAME.test(label)) add('spec/label-name', 'error', p, `label "${label}" is not a valid Prometheus label name`, 'use letters, digits and underscores, not starting with a digit');
    else if (RESERVED_LABELS.has(label) || label.startsWith('__')) add('spec/label-reserved', 'error', p, `label "${label}" is reserved by Prometheus`, 'rename the label');
    if (seen.has(label)) add('spec/label-duplicate', 'error', p, `label "${label}" is listed twice`, 'remove the duplicate');
    seen.add(label);
  });
}

function lintSuggestionRefs(model: Model, add: Add): void {
  const need = (pointer: string, name: string, type: string): void => {
    const m = model.metricsByName.get(name);
    if (!m) add('spec/suggestion-unknown-metric', 'error', pointer, `alert suggestion references "${name}", which is not in the spec`, 'name a metric defined under families');
    else if (m.type !== type) add('spec/suggestion-metric-type', 'error', pointer, `alert suggestion needs a ${type} here; ${name} is a ${m.type}`, `name a ${type}`);
  };
  model.alertSuggestions.successRatios.forEach((r, i) => {
    need(`/alert_suggestions/success_ratios/${i}/success`, r.success, 'counter');
    need(`/alert_suggestions/success_ratios/${i}/failure`, r.failure, 'counter');
  });
  model.alertSuggestions.backlogs.forEach((b, i) => {
    need(`/alert_suggestions/backlogs/${i}/backlog`, b.backlog, 'gauge');
    need(`/alert_suggestions/backlogs/${i}/drain`, b.drain, 'counter');
  });
}

