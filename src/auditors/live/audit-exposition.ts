/**
 * The spec against a live exposition: every spec metric exposed with its type, help, labels,
 * label values, budget, buckets and unit; every exposed metric in scope declared. Pure.
 */
import type { Finding } from '../../core/findings';
import { parseExposition } from '../../gate/exposition';
import type { MetricSpec, Model } from '../../model/types';
import { BASE_UNITS, groupFamilies, inexpressible, nameUnit, specTypeOf, type LiveFamily } from './families';

export interface ExpositionAuditOptions {
  /** How findings name the scraped source (URL or file). */
  source: string;
  /**
   * Name prefixes whose exposed metrics must be declared. Empty: the first `_`-separated word
   * of each spec metric (`g6_`, `node_`…).
   */
  prefixes: readonly string[];
  /** The text is OpenMetrics. */
  openMetrics?: boolean;
}

export interface ExpositionAudit {
  findings: Finding[];
  stats: { source: string; prefixes: string[]; exposed: number; declared: number; matched: number; series: number; issues: number };
}

/** The default scope: the first word of every spec metric, with its underscore. */
export function defaultPrefixes(model: Model): string[] {
  return [...new Set(model.metrics.map((m) => `${m.name.split('_')[0]}_`))].sort();
}

/**
 * The names whose samples the audit reads one by one: the value samples of spec metrics with
 * label_values. The others it only counts (and, with `le` or `quantile`, the parser keeps).
 */
function keptNames(model: Model): Set<string> {
  return new Set(model.metrics.filter((m) => Object.keys(m.labelValues).length > 0).flatMap((m) => [m.name, `${m.name}_bucket`]));
}

/**
 * The spec against exposition text. Findings in spec order, then undeclared metrics in name
 * order. Malformed exposition lines are findings too.
 */
export function auditExposition(model: Model, text: string, options: ExpositionAuditOptions): ExpositionAudit {
  const prefixes = options.prefixes.length > 0 ? [...options.prefixes] : defaultPrefixes(model);
  const expo = parseExposition(text, { keep: keptNames(model), count: true, openMetrics: options.openMetrics === true });
  const families = groupFamilies(expo);
  const byName = new Map(families.map((f) => [f.name, f]));
  const findings: Finding[] = expo.issues.slice(0, 20).map((i) => ({
    ruleId: 'live/invalid-exposition',
    severity: 'error',
    message: `line ${i.line}: ${i.message}${expo.issues.length > 20 && i === expo.issues[19] ? ` (and ${expo.issues.length - 20} more)` : ''}`,
    fix: 'fix the exporter: Prometheus rejects the whole scrape when one line is malformed',
    location: { file: options.source, line: i.line },
  }));
  let matched = 0;
  for (const metric of model.metrics) {
    const live = byName.get(metric.name);
    const at = { file: model.path, pointer: metric.pointer };
    const add = (rule: string, severity: Finding['severity'], message: string, fix: string, context: Record<string, unknown> = {}): void => {
      findings.push({ ruleId: `live/${rule}`, severity, message, fix, location: at, context: { metric: metric.name, ...context } });
    };
    if (!live || (live.sampleCount === 0 && metric.labels.length === 0)) {
      add('missing-metric', 'error', `${metric.name} (${metric.type}) is in the spec but ${options.source} does not expose it`, `emit ${metric.name} (for a labelled metric, initialise its label_values), or remove it from the spec`);
      continue;
    }
    matched++;
    for (const f of compareMetric(metric, live)) add(f.rule, f.severity, f.message, f.fix, f.context);
  }
  const declared = new Set(model.metrics.map((m) => m.name));
  for (const f of families) {
    if (declared.has(f.name) || !prefixes.some((p) => f.name.startsWith(p))) continue;
    const why = inexpressible(f);
    const where = { file: options.source };
    if (why !== undefined) {
      findings.push({ ruleId: 'live/inexpressible-metric', severity: 'info', message: `${f.name} (${f.type}) is exposed but cannot be declared in the spec: ${why}`, location: where, context: { metric: f.name, type: f.type } });
    } else {
      findings.push({
        ruleId: 'live/undeclared-metric',
        severity: 'error',
        message: `${f.name} (${f.type}, ${f.series} series) is exposed but not in the spec`,
        fix: `declare ${f.name} in the spec (g6 infer drafts it), stop emitting it, or narrow --prefix`,
        location: where,
        context: { metric: f.name, type: f.type },
      });
    }
  }
  const stats = { source: options.source, prefixes, exposed: families.length, declared: model.metrics.length, matched, series: [...expo.counted.values()].reduce((n, c) => n + c.samples, expo.samples.length), issues: expo.issues.length };
  return { findings, stats };
}

interface MetricFinding {
  rule: string;
  severity: Finding['severity'];
  message: string;
  fix: string;
  context?: Record<string, unknown>;
}

/** One exposed metric against its spec entry. */
function compareMetric(metric: MetricSpec, live: LiveFamily): MetricFinding[] {
  const out: MetricFinding[] = [];
  const m = metric.name;
  if (specTypeOf(live) !== metric.type) {
    out.push({ rule: 'type-mismatch', severity: 'error', message: `${m} is exposed as a ${live.type}; the spec says ${metric.type}`, fix: `change the spec's type to ${live.type}, or emit a ${metric.type}`, context: { expected: metric.type, actual: live.type } });
    return out;
  }
  if (live.help !== undefined && live.help !== metric.help) {
    out.push({ rule: 'help-differs', severity: 'warning', message: `${m}: the exposed HELP "${live.help}" differs from the spec's "${metric.help}"`, fix: 'regenerate the accessors (g6 gen-metrics) or copy the exposed text into the spec', context: { expected: metric.help, actual: live.help } });
  }
  const want = [...metric.labels].sort();
  if (live.sampleCount > 0 && want.join(',') !== live.labels.join(',')) {
    const missing = want.filter((l) => !live.labels.includes(l));
    const extra = live.labels.filter((l) => !want.includes(l));
    const parts = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `not in the spec: ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
    out.push({ rule: 'label-names', severity: 'error', message: `${m} is exposed with labels [${live.labels.join(', ')}]; the spec says [${want.join(', ')}] (${parts})`, fix: 'make the spec\'s labels and the emitted labels the same', context: { expected: want, actual: live.labels } });
  }
  for (const [label, values] of Object.entries(metric.labelValues)) {
    const allowed = new Set(values);
    const outside = [...new Set(live.samples.map((s) => s.labels[label]).filter((v): v is string => v !== undefined && !allowed.has(v)))].sort();
    if (outside.length > 0) {
      out.push({ rule: 'label-value', severity: 'error', message: `${m}{${label}} takes ${outside.map((v) => JSON.stringify(v)).join(', ')}, outside the spec's label_values [${values.join(', ')}]`, fix: `add the value(s) to label_values.${label}, or stop emitting them`, context: { label, values: outside } });
    }
  }
  if (live.series > metric.cardinalityBudget) {
    out.push({ rule: 'cardinality-budget', severity: 'error', message: `${m} has ${live.series} series, above its cardinality_budget of ${metric.cardinalityBudget}`, fix: `raise cardinality_budget to at least ${live.series}, or cut the label values emitted`, context: { budget: metric.cardinalityBudget, series: live.series } });
  }
  if (metric.type === 'histogram' && live.sampleCount > 0 && live.buckets.join(',') !== metric.buckets.join(',')) {
    out.push({ rule: 'buckets', severity: 'error', message: `${m} is exposed with buckets [${live.buckets.join(', ')}]; the spec says [${metric.buckets.join(', ')}]`, fix: 'make the spec\'s buckets and the emitted buckets the same', context: { expected: metric.buckets, actual: live.buckets } });
  }
  if (metric.unit !== undefined) {
    if (live.unit !== undefined && live.unit !== metric.unit) {
      out.push({ rule: 'unit', severity: 'error', message: `${m} is exposed with # UNIT ${live.unit}; the spec's unit is ${metric.unit}`, fix: 'make the spec\'s unit and the exposed unit the same', context: { expected: metric.unit, actual: live.unit } });
    } else if (BASE_UNITS.has(metric.unit) && nameUnit(m) !== metric.unit) {
      out.push({ rule: 'unit-suffix', severity: 'warning', message: `${m} does not end in its base unit "${metric.unit}" (Prometheus names end in the base unit, before _total)`, fix: `rename it to end in _${metric.unit}${metric.type === 'counter' ? '_total' : ''}, or correct the spec's unit` });
    }
  }
  return out;
}
