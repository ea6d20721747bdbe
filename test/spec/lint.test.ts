/** Table tests for the spec linter, in process. */
import { buildModel } from '../../src/spec/build-model';
import { lintSpec } from '../../src/spec/lint';
import { lintExpressions } from '../../src/spec/lint-expressions';
import { parseYamlWithPositions } from '../../src/spec/parse-yaml';
import { checkSpecSchema } from '../../src/spec/schema-check';

function lint(metricYaml: string, extra = ''): Array<{ ruleId: string; severity: string; pointer?: string }> {
  const text = `version: 1\nfamilies:\n  f:\n    owner: o\n    metrics:\n${metricYaml}${extra}`;
  const parsed = parseYamlWithPositions(text, 'spec.yml');
  const model = buildModel(parsed.doc, 'spec.yml');
  return [...checkSpecSchema(parsed), ...lintSpec(model, parsed), ...lintExpressions(model, parsed)].map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    pointer: f.location?.pointer,
  }));
}

const metric = (fields: string): string =>
  `      - name: g6_x_total\n        type: counter\n        help: h\n        labels: []\n        cardinality_budget: 1\n        no_panel: true\n${fields}`;

describe('lintSpec', () => {
  it.each([
    ['a well-formed counter', metric(''), []],
    ['a counter without _total', metric('').replace('g6_x_total', 'g6_x'), ['spec/counter-suffix']],
    ['a gauge named _total', metric('').replace('counter', 'gauge'), ['spec/non-counter-total']],
    ['a histogram named _bucket', metric('        buckets: [1]\n').replace('counter', 'histogram').replace('g6_x_total', 'g6_x_bucket'), ['spec/histogram-suffix']],
    ['label_values for an undeclared label', metric('        label_values: {a: [x]}\n'), ['spec/label-values-unknown-label']],
    ['quantile_labels on a counter', metric('        quantile_labels: [a]\n').replace('labels: []', 'labels: [a]').replace('budget: 1', 'budget: 5'), ['spec/quantile-labels-not-histogram']],
    ['severity outside the vocabulary (warning only)', metric('        alerts:\n          - {alert: A1, expr: "g6_x_total > 1", severity: page}\n'), ['spec/severity']],
    ['a zero-length for', metric('        alerts:\n          - {alert: A1, expr: "g6_x_total > 1", for: ""}\n'), ['spec/for-duration']],
    ['a metric without panels or no_panel (warning)', metric('').replace('        no_panel: true\n', ''), ['spec/no-panels']],
  ])('%s', (_name, yaml, expected) => {
    expect(lint(yaml).map((f) => f.ruleId).sort()).toEqual([...expected].sort());
  });

  it('warns when label_values combinations exceed the budget', () => {
    const yaml = metric('        label_values: {a: [x, y, z]}\n').replace('labels: []', 'labels: [a]');
    expect(lint(yaml)).toEqual([{ ruleId: 'spec/budget-below-label-values', severity: 'warning', pointer: '/families/f/metrics/0/cardinality_budget' }]);
  });

  it('accepts recording-rule names and histogram series in expressions, rejects unknown ones', () => {
    const hist = `      - name: g6_lat_seconds\n        type: histogram\n        help: h\n        labels: [t]\n        cardinality_budget: 3\n        buckets: [1, 2]\n        quantile_labels: [t]\n        panels:\n          - {kind: a, promql: "g6_lat_seconds:p95_5m_by_t"}\n          - {kind: b, promql: "sum by (le) (rate(g6_lat_seconds_bucket[$__rate_interval]))"}\n          - {kind: c, promql: "g6_lat_seconds:p97_5m"}\n`;
    const findings = lint(hist);
    expect(findings).toEqual([{ ruleId: 'spec/unknown-metric', severity: 'error', pointer: '/families/f/metrics/0/panels/2/promql' }]);
  });

  it('rejects the bare name of a classic histogram, which Prometheus never exposes as a series', () => {
    const hist = `      - name: g6_lat_seconds\n        type: histogram\n        help: h\n        labels: []\n        cardinality_budget: 1\n        buckets: [1, 2]\n        panels:\n          - {kind: a, promql: "rate(g6_lat_seconds[5m])"}\n          - {kind: b, promql: "rate(g6_lat_seconds_count[5m])"}\n`;
    expect(lint(hist)).toEqual([{ ruleId: 'spec/unknown-metric', severity: 'error', pointer: '/families/f/metrics/0/panels/0/promql' }]);
  });

  it('accepts derived recording rules declared in the spec and flags duplicates of conventions', () => {
    const extra = `recording_rules:\n  - {record: "g6:x_ratio", expr: "sum(rate(g6_x_total[5m]))"}\n  - {record: "g6_x_total:total_rate_5m", expr: "sum(rate(g6_x_total[5m]))"}\n`;
    const yaml = metric('        panels:\n          - {kind: a, promql: "g6:x_ratio"}\n').replace('        no_panel: true\n', '');
    expect(lint(yaml, extra).map((f) => f.ruleId)).toEqual(['spec/duplicate-record']);
  });

  it('substitutes Grafana variables before parsing', () => {
    const yaml = metric('        panels:\n          - {kind: a, promql: "topk($k, sum by (job) (rate(g6_x_total{job=\\"$job\\"}[$__rate_interval])))"}\n          - {kind: b, promql: "rate(g6_x_total[${win}])"}\n').replace('        no_panel: true\n', '');
    expect(lint(yaml)).toEqual([]);
  });
});

describe('accessor names', () => {
  const counter = (name: string): string =>
    `      - name: ${name}\n        type: counter\n        help: h\n        labels: []\n        cardinality_budget: 1\n        no_panel: true\n`;

  it('rejects a metric whose accessor would not be a TypeScript identifier', () => {
    expect(lint(counter('g6_5xx_total'))).toEqual([{ ruleId: 'spec/accessor-name', severity: 'error', pointer: '/families/f/metrics/0/name' }]);
  });

  it('rejects two metrics that would share one accessor', () => {
    expect(lint(counter('g6_a_b_total') + counter('a_b_total'))).toEqual([{ ruleId: 'spec/accessor-name', severity: 'error', pointer: '/families/f/metrics/1/name' }]);
  });
});
