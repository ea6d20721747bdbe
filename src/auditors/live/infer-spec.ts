/**
 * A draft metric spec from a live exposition (`g6 infer`): families by name prefix, types, help,
 * labels, budgets with headroom, buckets from `le`, label_values of low-cardinality labels. The
 * draft validates with warnings at most (panels are left to the user). Pure.
 */
import type { Exposition } from '../../gate/exposition';
import { renderGeneratedYaml } from '../../output/serialize';
import { BASE_UNITS, groupFamilies, inexpressible, nameUnit, specTypeOf, type LiveFamily } from './families';

export interface InferOptions {
  /** How the header names the source. */
  source: string;
  /** Infer only metrics with one of these name prefixes (all when empty); a family is named after the word that follows. */
  prefixes: readonly string[];
}

export interface InferredSpec {
  /** The draft spec's YAML. */
  text: string;
  families: number;
  metrics: number;
  /** Exposed families the spec cannot declare, with the reason. */
  skipped: Array<{ name: string; type: string; reason: string }>;
}

/** Labels with at most this many distinct values get label_values. */
export const LOW_CARDINALITY = 10;
/** Budget headroom over the observed series. */
export const BUDGET_HEADROOM = 1.5;

/** The family a metric goes into: the word after its prefix, as a spec family name. */
function familyOf(name: string, prefixes: readonly string[]): string {
  const prefix = prefixes.filter((p) => name.startsWith(p)).sort((a, b) => b.length - a.length)[0] ?? '';
  const word = name.slice(prefix.length).split('_').find((w) => w !== '') ?? 'metrics';
  const family = word.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z]/.test(family) ? family : `m${family}`;
}

function metricEntry(f: LiveFamily, source: string): Record<string, unknown> {
  const labelValues: Record<string, string[]> = {};
  for (const label of f.labels) {
    const values = new Set<string>();
    for (const s of f.samples) if (s.labels[label] !== undefined) values.add(s.labels[label]!);
    if (values.size <= LOW_CARDINALITY) labelValues[label] = [...values].sort();
  }
  const combos = Object.values(labelValues).reduce((n, v) => n * v.length, 1);
  const budget = f.labels.length === 0 ? 1 : Math.max(Math.ceil(f.series * BUDGET_HEADROOM), combos, 1);
  const suffix = nameUnit(f.name);
  const unit = f.unit ?? (BASE_UNITS.has(suffix) ? suffix : undefined);
  return {
    name: f.name,
    type: specTypeOf(f),
    help: f.help?.trim() ? f.help : `${f.name} (no HELP in ${source}; describe it)`,
    ...(unit !== undefined ? { unit } : {}),
    labels: f.labels,
    ...(Object.keys(labelValues).length > 0 ? { label_values: labelValues } : {}),
    cardinality_budget: budget,
    ...(f.type === 'histogram' ? { buckets: f.buckets } : {}),
  };
}

/** The draft for `expo`: families and metrics in name order. */
export function inferSpec(expo: Exposition, options: InferOptions): InferredSpec {
  const families = new Map<string, Record<string, unknown>[]>();
  const skipped: InferredSpec['skipped'] = [];
  let metrics = 0;
  for (const f of groupFamilies(expo)) {
    if (options.prefixes.length > 0 && !options.prefixes.some((p) => f.name.startsWith(p))) continue;
    const reason = inexpressible(f);
    if (reason !== undefined) {
      skipped.push({ name: f.name, type: f.type, reason });
      continue;
    }
    const family = familyOf(f.name, options.prefixes);
    families.set(family, [...(families.get(family) ?? []), metricEntry(f, options.source)]);
    metrics++;
  }
  const doc = {
    version: 1,
    families: Object.fromEntries([...families.keys()].sort().map((name) => [name, { description: `Inferred by g6 infer from ${options.source}.`, metrics: families.get(name) }])),
  };
  const header = [
    `Draft metric spec inferred by g6 infer from ${options.source}.`,
    'Review help texts, budgets and label_values, add owners, panels and alerts, then run g6 validate-spec.',
  ];
  return { text: renderGeneratedYaml(doc, header), families: families.size, metrics, skipped };
}
