/**
 * An exposition's samples grouped into metric families, named as the spec names metrics: a
 * counter by its `_total` series (text format and OpenMetrics alike), a histogram by its base
 * name. Shared by check-live and infer. Pure.
 */
import type { CountedName, Exposition, MetricType, Sample } from '../../gate/exposition';
import { HISTOGRAM_SERIES_SUFFIXES } from '../../model/conventions';

export interface LiveFamily {
  /** The name a spec gives this metric (`x_total` for a counter, the base name for a histogram). */
  name: string;
  type: MetricType;
  help?: string;
  /** OpenMetrics `# UNIT`. */
  unit?: string;
  /**
   * The kept samples that carry the metric's value: `_total` of a counter, `_bucket` of a
   * histogram, the sample of a gauge (all of them, unless the exposition was parsed with keep).
   */
  samples: Sample[];
  /** How many samples carry the value, kept or counted. */
  sampleCount: number;
  /** Label names over those samples, sorted; `le` and `quantile` left out. */
  labels: string[];
  /** Distinct label sets (without `le`/`quantile`): what cardinality_budget bounds. */
  series: number;
  /** Histogram upper bounds from `le`, ascending, `+Inf` left out. */
  buckets: number[];
}

/** Series suffixes per declared type, after the family's name (OpenMetrics adds `_created`). */
const SUFFIXES: Partial<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  histogram: [...HISTOGRAM_SERIES_SUFFIXES, '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created'],
  info: ['_info'],
};

/** Which samples of a family carry its value (the rest are `_sum`, `_count`, `_created`). */
const VALUE_SUFFIX: Partial<Record<MetricType, string>> = { counter: '_total', histogram: '_bucket', gaugehistogram: '_bucket', summary: '_count', info: '_info' };

const SET_LABELS_OUT = new Set(['le', 'quantile']);

interface Grouped {
  declared: string;
  type: MetricType;
  samples: Sample[];
  /** Counted samples per name. */
  counted: Map<string, CountedName>;
}

/**
 * Families in name order. A sample belongs to the declared family whose name plus one of its
 * type's suffixes is the sample's name; a sample of no declared family is its own, `untyped`.
 * A counter declared without `_total` (OpenMetrics) is named with it. Counted samples
 * (ParseOptions.count) belong to families as kept ones do.
 */
export function groupFamilies(expo: Exposition): LiveFamily[] {
  const byName = new Map<string, Grouped>();
  const owner = new Map<string, string>();
  for (const [name, type] of expo.types) {
    byName.set(name, { declared: name, type, samples: [], counted: new Map() });
    for (const suffix of SUFFIXES[type] ?? []) if (!owner.has(name + suffix)) owner.set(name + suffix, name);
  }
  const familyOf = (name: string): Grouped => {
    let family = byName.get(name) ?? byName.get(owner.get(name) ?? '');
    if (family === undefined) byName.set(name, (family = { declared: name, type: 'untyped', samples: [], counted: new Map() }));
    return family;
  };
  for (const s of expo.samples) familyOf(s.name).samples.push(s);
  for (const [name, counted] of expo.counted) familyOf(name).counted.set(name, counted);
  const out: LiveFamily[] = [];
  for (const f of byName.values()) {
    const valueName = f.declared + (f.samples.some((s) => s.name === f.declared) || f.counted.has(f.declared) ? '' : (VALUE_SUFFIX[f.type] ?? ''));
    const samples = f.samples.filter((s) => s.name === valueName);
    const counted = f.counted.get(valueName);
    const name = f.type === 'counter' && !f.declared.endsWith('_total') && valueName.endsWith('_total') ? valueName : f.declared;
    const labels = new Set<string>(counted?.labels);
    const sets = new Set<string>();
    const bounds = new Set<number>();
    for (const s of samples) {
      let key = '';
      for (const k of Object.keys(s.labels).sort()) {
        if (SET_LABELS_OUT.has(k)) continue;
        labels.add(k);
        key += `${k}=${JSON.stringify(s.labels[k])},`;
      }
      sets.add(key);
      const le = s.labels.le;
      if (f.type === 'histogram' && le !== undefined && Number.isFinite(Number(le))) bounds.add(Number(le));
    }
    const help = expo.help.get(f.declared);
    const unit = expo.units.get(f.declared);
    out.push({
      name,
      type: f.type,
      ...(help !== undefined ? { help } : {}),
      ...(unit ? { unit } : {}),
      samples,
      sampleCount: samples.length + (counted?.samples ?? 0),
      labels: [...labels].sort(),
      series: sets.size + (counted?.samples ?? 0),
      buckets: [...bounds].sort((a, b) => a - b),
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Base units Prometheus names end in (before `_total`). */
export const BASE_UNITS: ReadonlySet<string> = new Set(['seconds', 'bytes', 'ratio', 'celsius', 'volts', 'amperes', 'joules', 'grams', 'meters', 'hertz', 'percent']);

/** The last word of a metric name before `_total`: where Prometheus puts the unit. */
export const nameUnit = (name: string): string => name.replace(/_total$/, '').split('_').pop() ?? '';

/** The spec type of an exposed family: an untyped (or OpenMetrics unknown) one is a gauge, as Prometheus stores it. */
export function specTypeOf(f: LiveFamily): string {
  return f.type === 'untyped' || f.type === 'unknown' ? 'gauge' : f.type;
}

/**
 * Why the spec cannot declare this family as exposed, or undefined when it can: the spec knows
 * counters (named `_total`), gauges (untyped ones too) and histograms with finite buckets.
 */
export function inexpressible(f: LiveFamily): string | undefined {
  const type = specTypeOf(f);
  if (type !== 'counter' && type !== 'gauge' && type !== 'histogram') return `the spec has no ${f.type} type`;
  if (f.type === 'counter' && !f.name.endsWith('_total')) return 'a spec counter must end in _total';
  if (type !== 'counter' && f.name.endsWith('_total')) return `a spec ${type} must not end in _total`;
  if (f.type === 'histogram' && f.buckets.length === 0) return 'a spec histogram needs at least one finite bucket';
  if (f.type === 'histogram' && HISTOGRAM_SERIES_SUFFIXES.some((s) => f.name.endsWith(s))) return 'a spec histogram must not end in _bucket, _sum or _count';
  return undefined;
}
