/**
 * The prom-client MetricFactory behind the generated accessors: a private Registry, the
 * cardinality guard, pre-initialised declared label values, and emission failures that are
 * counted, never thrown into the pipeline.
 */
import { Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricDefinition, MetricFactory } from './accessors';

type Labels = Record<string, string>;

/** The governance accessors the factory feeds itself (set by {@link GuardedMetricFactory.bindGovernance}). */
export interface GovernanceSinks {
  seriesGauge?: (metric: string, series: number) => void;
  dropped?: (metric: string) => void;
  offenders?: (count: number) => void;
  duplicate?: (name: string) => void;
  emissionFailure?: (metric: string, family: string) => void;
}

export interface FactoryOptions {
  /** Warning sink (one line, no newline); called at most once per metric per kind of problem. */
  warn(message: string): void;
}

interface Entry {
  def: MetricDefinition;
  metric: Metric;
  series: Set<string>;
  keyOrder: readonly string[];
  overBudget: boolean;
  failureLogged: boolean;
}

/** Maximum label combinations pre-initialised per metric (the budget caps it further). */
const PREINIT_LIMIT = 1000;

/**
 * A {@link MetricFactory} over prom-client. Each metric name is registered once; a second
 * registration counts a duplicate and returns the first metric's accessor. Every operation
 * goes through the guard: a label set beyond the metric's `cardinalityBudget` distinct sets is
 * dropped, counted and logged once for that metric. Any exception (bad label, bad value) is
 * caught and counted in the emission-failure counter.
 */
export class GuardedMetricFactory implements MetricFactory {
  readonly registry = new Registry();
  private readonly entries = new Map<string, Entry>();
  private sinks: GovernanceSinks = {};
  private offenders = 0;
  /** Set while a governance sink runs, so governance metrics over their own budget cannot recurse. */
  private inGovernance = false;
  private changeCount = 0;

  constructor(private readonly opts: FactoryOptions) {}

  /**
   * Grows with every operation on a metric of this factory (inc, set, observe; admitted or not), so
   * equal values mean an unchanged registry and the exposition text rendered at that value still holds.
   */
  get changes(): number {
    return this.changeCount;
  }

  /** Connect the governance counters once the accessors exist (they are created by this same factory). */
  bindGovernance(sinks: GovernanceSinks): void {
    this.sinks = sinks;
    for (const e of this.entries.values()) if (e.def.labels.length > 0) this.sinks.seriesGauge?.(e.def.name, e.series.size);
    this.sinks.offenders?.(this.offenders);
  }

  counter<L>(def: MetricDefinition): CounterMetric<L> {
    const e = this.register(def, () => new Counter({ name: def.name, help: def.help, labelNames: [...def.labels], registers: [this.registry] }));
    const c = e.metric as Counter<string>;
    this.preinit(e, (l) => c.inc(l, 0));
    return {
      inc: (labels: L, value = 1) => this.guarded(e, labels as Labels, (l) => c.inc(l, value)),
    };
  }

  gauge<L>(def: MetricDefinition): GaugeMetric<L> {
    const e = this.register(def, () => new Gauge({ name: def.name, help: def.help, labelNames: [...def.labels], registers: [this.registry] }));
    const g = e.metric as Gauge<string>;
    this.preinit(e, (l) => g.set(l, 0));
    return {
      set: (labels: L, value: number) => this.guarded(e, labels as Labels, (l) => g.set(l, value)),
      inc: (labels: L, value = 1) => this.guarded(e, labels as Labels, (l) => g.inc(l, value)),
      dec: (labels: L, value = 1) => this.guarded(e, labels as Labels, (l) => g.dec(l, value)),
    };
  }

  histogram<L>(def: MetricDefinition): HistogramMetric<L> {
    const e = this.register(
      def,
      () =>
        new Histogram({
          name: def.name,
          help: def.help,
          labelNames: [...def.labels],
          registers: [this.registry],
          ...(def.buckets.length > 0 ? { buckets: [...def.buckets] } : {}),
        }),
    );
    const h = e.metric as Histogram<string>;
    this.preinit(e, (l) => h.zero(l));
    return {
      observe: (labels: L, value: number) => this.guarded(e, labels as Labels, (l) => h.observe(l, value)),
    };
  }

  private gov(fn: (sinks: GovernanceSinks) => void): void {
    if (this.inGovernance) return;
    this.inGovernance = true;
    try {
      fn(this.sinks);
    } finally {
      this.inGovernance = false;
    }
  }

  private register(def: MetricDefinition, make: () => Metric): Entry {
    const existing = this.entries.get(def.name);
    if (existing) {
      this.gov((s) => s.duplicate?.(def.name));
      this.opts.warn(`metric ${def.name} registered twice; reusing the first registration`);
      return existing;
    }
    const entry: Entry = { def, metric: make(), series: new Set(), keyOrder: def.labels, overBudget: false, failureLogged: false };
    this.entries.set(def.name, entry);
    return entry;
  }

  /** Pre-create every combination of declared label values (only when every label declares values). */
  private preinit(e: Entry, zero: (labels: Labels) => void): void {
    const { labels, labelValues } = e.def;
    if (labels.length === 0 || !labels.every((l) => (labelValues[l]?.length ?? 0) > 0)) return;
    let combos: Labels[] = [{}];
    for (const l of labels) {
      const next: Labels[] = [];
      for (const c of combos) for (const v of labelValues[l] ?? []) next.push({ ...c, [l]: v });
      combos = next;
      if (combos.length > PREINIT_LIMIT) return;
    }
    for (const c of combos) this.guarded(e, c, zero);
  }

  private guarded(e: Entry, labels: Labels, op: (labels: Labels) => void): void {
    this.changeCount++;
    try {
      if (e.keyOrder.length > 0 && !this.admit(e, labels)) return;
      op(labels);
    } catch (err) {
      this.gov((s) => s.emissionFailure?.(e.def.name, e.def.family));
      if (!e.failureLogged) {
        e.failureLogged = true;
        this.opts.warn(`metric ${e.def.name}: emission failed (${(err as Error).message}); further failures are only counted`);
      }
    }
  }

  private admit(e: Entry, labels: Labels): boolean {
    let key = '';
    for (const name of e.keyOrder) key += `${labels[name] ?? ''}\u0001`;
    if (e.series.has(key)) return true;
    const budget = e.def.cardinalityBudget > 0 ? e.def.cardinalityBudget : Number.POSITIVE_INFINITY;
    if (e.series.size < budget) {
      e.series.add(key);
      this.gov((s) => s.seriesGauge?.(e.def.name, e.series.size));
      return true;
    }
    this.gov((s) => s.dropped?.(e.def.name));
    if (!e.overBudget) {
      e.overBudget = true;
      this.offenders++;
      this.gov((s) => s.offenders?.(this.offenders));
      this.opts.warn(
        `metric ${e.def.name}: label set ${JSON.stringify(labels)} exceeds the cardinality budget of ${e.def.cardinalityBudget}; over-budget label sets are dropped and counted in g6_cardinality_guard_dropped_total`,
      );
    }
    return false;
  }
}
