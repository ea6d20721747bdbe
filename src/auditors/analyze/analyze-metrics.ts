/**
 * Which metrics dashboards and rules use — the counterpart of `mimirtool analyze`, in its JSON
 * shapes (`metrics-in-grafana.json`, `metrics-in-ruler.json`) — and, against a spec, which used
 * metrics it lacks and which of its metrics nothing uses. Pure: scans, rules and model in.
 */
import type { Finding, Location } from '../../core/findings';
import { exposedSeriesNames, PROMETHEUS_BUILTIN_SERIES, ruleNamesForMetric } from '../../model/conventions';
import type { Model } from '../../model/types';
import { parsePromql, selectedMetricNames } from '../../promql/parse';
import { isRecording, ruleName, type RuleFile } from '../../rules/rule-file';
import type { NamedScan } from '../quantiles/audit-quantiles';

/** mimirtool's `metrics-in-grafana.json`. */
export interface MetricsInGrafana {
  metricsUsed: string[];
  dashboards: DashboardMetrics[];
}

export interface DashboardMetrics {
  slug: string;
  uid?: string;
  title: string;
  metrics: string[];
  parse_errors: string[];
}

/** mimirtool's `metrics-in-ruler.json`. */
export interface MetricsInRuler {
  metricsUsed: string[];
  ruleGroups: RuleGroupMetrics[];
}

export interface RuleGroupMetrics {
  namespace: string;
  /** mimirtool writes the namespace under this misspelt key; kept so its readers work unchanged. */
  namspace: string;
  name: string;
  metrics: string[];
  parse_errors: string[];
}

export interface RuleSource {
  /** The file as shown to the user. */
  display: string;
  file: RuleFile;
}

/** How much a spec metric is used, directly or through the recording rules that read it. */
export interface MetricUse {
  dashboards: number;
  panels: number;
  rules: number;
}

export interface SpecUsage {
  spec: string;
  /** Raw metrics used (recording rules resolved) that the spec does not define, sorted. */
  unknown: string[];
  /** Spec metrics no dashboard and no rule uses, sorted. */
  unused: string[];
  /** Per spec metric, sorted by name. */
  usage: Record<string, MetricUse>;
}

export interface AnalyzeResult {
  grafana: MetricsInGrafana;
  ruler: MetricsInRuler;
  spec?: SpecUsage;
  findings: Finding[];
}

/** One expression that uses metrics: where it is and who holds it. */
interface Use {
  names: string[];
  location: Location;
  /** `dashboard <slug>` or `rule group <ns>/<name>`. */
  holder: string;
  /** Panel or rule identity, unique within the run. */
  item: string;
  dashboard?: string;
  rule?: string;
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

/** Metric names an expression selects, or its parse error. */
function namesIn(expr: string): { names: string[] } | { error: string } {
  const parsed = parsePromql(expr);
  if (parsed.errors.length) return { error: `query=${expr}: ${parsed.errors[0]!.message}` };
  return { names: [...selectedMetricNames(parsed)] };
}

/**
 * Analyze the dashboards and rule files. Metric lists hold names as written (a recording rule's
 * name stays one), sorted. With `model`, names are resolved through the rules that record them
 * (and the spec's conventional rule names) down to raw series, and compared with the spec: a raw
 * metric the spec lacks is an `analyze/unknown-metric` warning at its first use; a spec metric
 * nothing uses, `analyze/unused-metric`. Targets and rules that do not parse are
 * `analyze/parse-error` warnings. Findings come in input order.
 */
export function analyzeMetrics(scans: readonly NamedScan[], rules: readonly RuleSource[], model?: Model): AnalyzeResult {
  const findings: Finding[] = [];
  const uses: Use[] = [];
  const parseError = (message: string, location: Location, holder: string): void => {
    findings.push({ ruleId: 'analyze/parse-error', severity: 'warning', message: `${holder}: ${message}`, fix: 'fix the PromQL', location });
  };

  const dashboards = scans.map((scan): DashboardMetrics => {
    const metrics = new Set<string>();
    const errors: string[] = [];
    const holder = `dashboard ${scan.slug}`;
    for (const t of [...scan.targets, ...scan.variables]) {
      const location: Location = { file: scan.file, ...(scan.line ? { line: scan.line } : {}), pointer: t.pointer };
      const found = namesIn(t.expr);
      if ('error' in found) {
        errors.push(found.error);
        parseError(`panel "${t.panelTitle}" does not parse (${found.error})`, location, holder);
        continue;
      }
      for (const n of found.names) metrics.add(n);
      uses.push({ names: found.names, location, holder, item: `${scan.file}#${t.panelPointer}`, dashboard: `${scan.file}#${scan.slug}` });
    }
    return { slug: scan.slug, ...(scan.uid ? { uid: scan.uid } : {}), title: scan.title, metrics: sorted(metrics), parse_errors: errors };
  });

  /** What each record reads, from every rule file given. */
  const records = new Map<string, string[]>();
  const ruleGroups: RuleGroupMetrics[] = [];
  for (const { display, file } of rules)
    file.groups.forEach((g, gi) => {
      const namespace = g.resource ?? display;
      const metrics = new Set<string>();
      const errors: string[] = [];
      const holder = `rule group ${namespace}/${g.name}`;
      g.rules.forEach((r, ri) => {
        const location: Location = { file: display, pointer: `${g.pointer ?? `/groups/${gi}`}/rules/${ri}/expr` };
        const found = namesIn(r.expr);
        if ('error' in found) {
          errors.push(found.error);
          parseError(`rule ${ruleName(r)} does not parse (${found.error})`, location, holder);
          return;
        }
        for (const n of found.names) metrics.add(n);
        if (isRecording(r)) records.set(r.record, [...(records.get(r.record) ?? []), ...found.names]);
        uses.push({ names: found.names, location, holder, item: `${display}#${namespace}/${g.name}/${ri}`, rule: ruleName(r) });
      });
      ruleGroups.push({ namespace, namspace: namespace, name: g.name, metrics: sorted(metrics), parse_errors: errors });
    });

  const grafana = { metricsUsed: sorted(dashboards.flatMap((d) => d.metrics)), dashboards };
  const ruler = { metricsUsed: sorted(ruleGroups.flatMap((g) => g.metrics)), ruleGroups };
  if (!model) return { grafana, ruler, findings };
  const spec = compareWithSpec(model, uses, records, findings);
  return { grafana, ruler, spec, findings };
}

function compareWithSpec(model: Model, uses: readonly Use[], records: ReadonlyMap<string, string[]>, findings: Finding[]): SpecUsage {
  /** Series name → the spec metric it is (a histogram's `_bucket`, `_sum`, `_count`; a conventional rule). */
  const metricOf = new Map<string, string>();
  for (const m of model.metrics) {
    for (const n of [m.name, ...exposedSeriesNames(m), ...ruleNamesForMetric(m)]) metricOf.set(n, m.name);
  }
  const raw = (name: string, seen: Set<string> = new Set()): string[] => {
    const reads = records.get(name);
    if (!reads || seen.has(name)) return [name];
    seen.add(name);
    return reads.flatMap((n) => raw(n, seen));
  };
  const builtin = new Set<string>(PROMETHEUS_BUILTIN_SERIES);
  const usage = new Map<string, { dashboards: Set<string>; panels: Set<string>; rules: Set<string> }>(model.metrics.map((m) => [m.name, { dashboards: new Set(), panels: new Set(), rules: new Set() }]));
  const unknown = new Map<string, Use[]>();
  for (const use of uses) {
    for (const name of new Set(use.names.flatMap((n) => raw(n)))) {
      const metric = metricOf.get(name);
      if (metric) {
        const u = usage.get(metric)!;
        if (use.dashboard) {
          u.dashboards.add(use.dashboard);
          u.panels.add(use.item);
        } else u.rules.add(use.item);
      } else if (!builtin.has(name)) unknown.set(name, [...(unknown.get(name) ?? []), use]);
    }
  }
  for (const [name, list] of [...unknown].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const holders = sorted(list.map((u) => u.holder));
    findings.push({
      ruleId: 'analyze/unknown-metric',
      severity: 'warning',
      message: `${name} is used by ${holders.join(', ')} but is not in the spec`,
      fix: `add ${name.replace(/_(bucket|sum|count)$/, ' (a histogram)')} to ${model.path}, or stop using it`,
      location: list[0]!.location,
      context: { metric: name, users: holders },
    });
  }
  const unused = model.metrics.filter((m) => {
    const u = usage.get(m.name)!;
    return u.dashboards.size + u.rules.size === 0;
  });
  for (const m of unused) {
    findings.push({
      ruleId: 'analyze/unused-metric',
      severity: 'warning',
      message: `spec metric ${m.name} is used by no dashboard and no rule analyzed`,
      fix: 'add a panel or rule that uses it, or remove it from the spec',
      location: { file: model.path, pointer: m.pointer },
      context: { metric: m.name },
    });
  }
  const counts: Record<string, MetricUse> = {};
  for (const name of [...usage.keys()].sort()) {
    const u = usage.get(name)!;
    counts[name] = { dashboards: u.dashboards.size, panels: u.panels.size, rules: u.rules.size };
  }
  return { spec: model.path, unknown: [...unknown.keys()].sort(), unused: unused.map((m) => m.name).sort(), usage: counts };
}
