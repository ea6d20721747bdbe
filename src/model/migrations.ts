/**
 * Renamed and deprecated metrics: the series names the earlier platform exported and what
 * replaces them (`renamed_from`), the metrics that are going away (`deprecated`), and the
 * finding a query still using either gets. Pure data over the Model.
 */
import type { Finding } from '../core/findings';
import type { MetricSpec, Model } from './types';

/** An old series name and the expression that yields its value from the current metric. */
export interface RenamedSeries {
  /** The old series name (for a histogram, its `_sum` or `_count`). */
  old: string;
  /** The current series it comes from. */
  current: string;
  metric: MetricSpec;
  /** `current * scale`, or `current` when the scale is 1. */
  replacement: string;
  /** False for an old histogram's `_bucket`: `le` bounds cannot be rescaled by a rule. */
  compatible: boolean;
}

const times = (series: string, scale: number): string => (scale === 1 ? series : `${series} * ${String(scale)}`);

/**
 * Every old series name of the spec's `renamed_from` entries, in spec order. A counter or gauge
 * maps name to name; a histogram maps `_sum` (scaled), `_count` (unscaled) and `_bucket`
 * (not compatible: its `le` bounds are in the old unit).
 */
export function renamedSeries(model: Model): RenamedSeries[] {
  const out: RenamedSeries[] = [];
  for (const metric of model.metrics) {
    for (const r of metric.renamedFrom) {
      if (metric.type !== 'histogram') {
        out.push({ old: r.name, current: metric.name, metric, replacement: times(metric.name, r.scale), compatible: true });
        continue;
      }
      out.push({ old: `${r.name}_sum`, current: `${metric.name}_sum`, metric, replacement: times(`${metric.name}_sum`, r.scale), compatible: true });
      out.push({ old: `${r.name}_count`, current: `${metric.name}_count`, metric, replacement: `${metric.name}_count`, compatible: true });
      out.push({ old: `${r.name}_bucket`, current: `${metric.name}_bucket`, metric, replacement: `${metric.name}_bucket`, compatible: false });
    }
  }
  return out;
}

/** Old and deprecated series names by name, for looking up what an expression selects. */
export interface Migrations {
  renamed: ReadonlyMap<string, RenamedSeries>;
  /** Series of deprecated metrics (a histogram's three), to the metric. */
  deprecated: ReadonlyMap<string, MetricSpec>;
}

export function migrationsOf(model: Model): Migrations {
  const deprecated = new Map<string, MetricSpec>();
  for (const m of model.metrics) {
    if (!m.deprecated) continue;
    for (const s of m.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((x) => m.name + x) : [m.name]) deprecated.set(s, m);
  }
  return { renamed: new Map(renamedSeries(model).map((r) => [r.old, r])), deprecated };
}

/**
 * The finding (without location) for a query selecting `name`: `migrate/deprecated-name` for an
 * old name, with its replacement; `migrate/deprecated-metric` for a deprecated metric. `what`
 * names the query (`panel "x" of m`, `rule r`). Undefined when the name is current.
 */
export function migrationFinding(name: string, what: string, migrations: Migrations): Omit<Finding, 'location'> | undefined {
  const renamed = migrations.renamed.get(name);
  if (renamed) {
    return {
      ruleId: 'migrate/deprecated-name',
      severity: 'warning',
      message: `${what} uses ${name}, the earlier name of ${renamed.metric.name}`,
      fix: renamed.compatible
        ? `select ${renamed.replacement} instead (rules/compat_rules.yml records ${name} meanwhile)`
        : `select ${renamed.current} instead, with its le bounds in the new unit`,
      context: { name, replacement: renamed.replacement, metric: renamed.metric.name },
    };
  }
  const metric = migrations.deprecated.get(name);
  if (!metric?.deprecated) return undefined;
  return {
    ruleId: 'migrate/deprecated-metric',
    severity: 'warning',
    message: `${what} uses ${name}, deprecated since ${metric.deprecated.since}: ${metric.deprecated.note}`,
    fix: `stop using ${metric.name} before it is removed`,
    context: { name, metric: metric.name, since: metric.deprecated.since },
  };
}
