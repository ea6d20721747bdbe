/**
 * gen-metrics: the typed accessor module `metrics.ts` and the Markdown catalog
 * `METRICS_CATALOG.md`. Pure: (model) → artifacts, deterministic, spec order kept.
 */
import type { Artifact } from '../../core/artifacts';
import { finalizeText } from '../../core/artifacts';
import { generatedHeader } from '../../output/serialize';
import { accessorName, DEFAULT_PATHS, ruleNamesForMetric } from '../../model/conventions';
import { renamedSeries } from '../../model/migrations';
import type { MetricSpec, Model } from '../../model/types';

export const METRICS_MODULE = 'metrics.ts';
export const METRICS_CATALOG = 'METRICS_CATALOG.md';

/** Both gen-metrics artifacts, paths relative to the output directory. */
export function generateMetrics(model: Model): Artifact[] {
  return [
    { path: METRICS_MODULE, content: renderAccessorModule(model), kind: 'text' },
    { path: METRICS_CATALOG, content: renderCatalog(model), kind: 'text' },
  ];
}

const q = (s: string): string => JSON.stringify(s);

function labelsType(metric: MetricSpec): string {
  if (metric.labels.length === 0) return 'NoLabels';
  const fields = metric.labels.map((label) => {
    const values = metric.labelValues[label];
    const type = values && values.length > 0 ? values.map(q).join(' | ') : 'string';
    return `readonly ${label}: ${type}`;
  });
  return `{ ${fields.join('; ')} }`;
}

const handleType = { counter: 'CounterMetric', gauge: 'GaugeMetric', histogram: 'HistogramMetric' } as const;

function renderDefinition(metric: MetricSpec): string {
  const labelValues = Object.keys(metric.labelValues)
    .sort()
    .map((k) => `${k}: [${metric.labelValues[k]!.map(q).join(', ')}]`)
    .join(', ');
  const fields = [
    `name: ${q(metric.name)}`,
    `type: ${q(metric.type)}`,
    `help: ${q(metric.help)}`,
    `family: ${q(metric.family)}`,
    `labels: [${metric.labels.map(q).join(', ')}]`,
    `cardinalityBudget: ${metric.cardinalityBudget}`,
    `buckets: [${metric.buckets.join(', ')}]`,
    `labelValues: {${labelValues ? ` ${labelValues} ` : ''}}`,
    ...(metric.unit ? [`unit: ${q(metric.unit)}`] : []),
  ];
  return `  ${metric.name}: {\n${fields.map((f) => `    ${f},`).join('\n')}\n  },`;
}

function renderAccessorModule(model: Model): string {
  const header = generatedHeader('gen-metrics', model.specHash).map((l) => `// ${l}`);
  const accessors = model.metrics.map(
    (m) => `  /** ${m.help.replace(/\*\//g, '*\\/')} (${m.type}) */\n  readonly ${accessorName(m.name)}: ${handleType[m.type]}<${labelsType(m)}>;`,
  );
  const bindings = model.metrics.map(
    (m) => `    ${accessorName(m.name)}: factory.${m.type}<${labelsType(m)}>(METRIC_DEFINITIONS.${m.name}),`,
  );
  return finalizeText(`${header.join('\n')}
/**
 * One typed accessor per metric of the spec. Bind them to a metrics backend (the runtime uses
 * prom-client behind a cardinality guard) with createG6Metrics(factory); label parameters are
 * typed from the spec's labels and label_values.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly family: string;
  readonly labels: readonly string[];
  readonly cardinalityBudget: number;
  readonly buckets: readonly number[];
  readonly labelValues: Readonly<Record<string, readonly string[]>>;
  readonly unit?: string;
}

/** Label set of a metric without labels: pass \`{}\`. */
export type NoLabels = Record<string, never>;

export interface CounterMetric<L> {
  inc(labels: L, value?: number): void;
}

export interface GaugeMetric<L> {
  set(labels: L, value: number): void;
  inc(labels: L, value?: number): void;
  dec(labels: L, value?: number): void;
}

export interface HistogramMetric<L> {
  observe(labels: L, value: number): void;
}

/** What a backend provides: one handle per metric definition. */
export interface MetricFactory {
  counter<L>(def: MetricDefinition): CounterMetric<L>;
  gauge<L>(def: MetricDefinition): GaugeMetric<L>;
  histogram<L>(def: MetricDefinition): HistogramMetric<L>;
}

/** 16-hex hash of the spec these accessors were generated from. */
export const SPEC_HASH = ${q(model.specHash)};

/** Every metric of the spec, keyed by name, in spec order. */
export const METRIC_DEFINITIONS = {
${model.metrics.map(renderDefinition).join('\n')}
} as const satisfies Readonly<Record<string, MetricDefinition>>;

export type MetricName = keyof typeof METRIC_DEFINITIONS;

export interface G6Metrics {
${accessors.join('\n')}
}

/** Create every accessor through \`factory\`, in spec order. */
export function createG6Metrics(factory: MetricFactory): G6Metrics {
  return {
${bindings.join('\n')}
  };
}
`);
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A raw PromQL query that shows the metric (recording rules are listed beside it). */
export function exampleQuery(metric: MetricSpec): string {
  const first = metric.labels[0];
  const by = first ? ` by (${first})` : '';
  switch (metric.type) {
    case 'counter':
      return `sum${by} (rate(${metric.name}[5m]))`.replace('sum (', 'sum(');
    case 'gauge':
      return first ? `sum${by} (${metric.name})` : metric.name;
    case 'histogram':
      return `histogram_quantile(0.95, sum by (le) (rate(${metric.name}_bucket[5m])))`;
  }
}

/** The migration section: old names with their replacement, and deprecated metrics; nothing when the spec has neither. */
function renderMigrations(model: Model): string[] {
  const renamed = renamedSeries(model);
  const deprecated = model.metrics.filter((m) => m.deprecated);
  if (renamed.length === 0 && deprecated.length === 0) return [];
  const lines = ['', '## Migrations'];
  if (renamed.length) {
    lines.push('', `Queries of the earlier names keep working through the compatibility rules in \`${DEFAULT_PATHS.compatRules}\`; move them to the replacement.`, '');
    lines.push('| earlier name | metric | replacement | compatibility rule |', '|---|---|---|---|');
    for (const r of renamed) lines.push(`| \`${r.old}\` | \`${r.metric.name}\` | \`${cell(r.replacement)}\` | ${r.compatible ? 'yes' : 'no: le bounds are in the earlier unit'} |`);
  }
  if (deprecated.length) {
    lines.push('', '| deprecated metric | since | note |', '|---|---|---|');
    for (const m of deprecated) lines.push(`| \`${m.name}\` | ${cell(m.deprecated!.since)} | ${cell(m.deprecated!.note)} |`);
  }
  return lines;
}

function renderCatalog(model: Model): string {
  const lines: string[] = [];
  lines.push(`<!-- ${generatedHeader('gen-metrics', model.specHash)[0]} -->`);
  lines.push('# Metrics catalog', '');
  lines.push(`Spec: \`${model.path.replace(/\\/g, '/')}\` · spec_hash \`${model.specHash}\` · ${model.families.length} families · ${model.metrics.length} metrics`, '');
  lines.push('| family | owner | metrics |', '|---|---|---|');
  for (const f of model.families) lines.push(`| [${f.name}](#family-${f.name}) | ${cell(f.owner)} | ${f.metrics.length} |`);
  lines.push(...renderMigrations(model));
  for (const family of model.families) {
    lines.push('', `## Family ${family.name}`, '', `Owner: ${family.owner}`);
    if (family.description) lines.push('', family.description);
    for (const m of family.metrics) {
      lines.push('', `### ${m.name}`, '');
      lines.push('| field | value |', '|---|---|');
      lines.push(`| type | ${m.type} |`);
      lines.push(`| help | ${cell(m.help)} |`);
      lines.push(`| labels | ${m.labels.length ? m.labels.map((l) => `\`${l}\``).join(', ') : '(none)'} |`);
      for (const l of Object.keys(m.labelValues).sort()) lines.push(`| values of \`${l}\` | ${m.labelValues[l]!.join(', ')} |`);
      lines.push(`| cardinality budget | ${m.cardinalityBudget} |`);
      if (m.type === 'histogram') lines.push(`| buckets | ${m.buckets.join(', ')} |`);
      if (m.unit) lines.push(`| unit | ${m.unit} |`);
      lines.push(`| example query | \`${cell(exampleQuery(m))}\` |`);
      const rules = ruleNamesForMetric(m);
      if (rules.length > 0) lines.push(`| recording rules | ${rules.map((r) => `\`${r}\``).join(', ')} |`);
      lines.push(`| accessor | \`${accessorName(m.name)}\` |`);
      if (m.alerts.length > 0) {
        lines.push(`| alerts | ${m.alerts.map((a) => `${a.alert} (${a.severity}${a.for ? `, for ${a.for}` : ''})`).join('; ')} |`);
      }
      if (m.renamedFrom.length > 0) lines.push(`| renamed from | ${m.renamedFrom.map((r) => `\`${r.name}\``).join(', ')} |`);
      if (m.deprecated) lines.push(`| deprecated | since ${cell(m.deprecated.since)}: ${cell(m.deprecated.note)} |`);
    }
  }
  lines.push(''); // the trailing newline, in the joined text rather than appended to it
  return finalizeText(lines.join('\n'));
}
