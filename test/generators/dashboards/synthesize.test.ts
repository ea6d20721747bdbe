/** synthesizePanels: which automatic panels a metric gets from its hints, pinned panels, caps and their notes, the alerts overview. */
import type { DashboardPlan } from '../../../src/generators/dashboards/plan';
import { synthesizePanels, valueUnit } from '../../../src/generators/dashboards/synthesize';
import type { Model } from '../../../src/model/types';
import { buildModel } from '../../../src/spec/build-model';

/** A model with the given metrics in family `f` (and one unrelated metric in family `other`). */
function model(...metrics: Array<Record<string, unknown>>): Model {
  const base = { help: 'h', labels: [], cardinality_budget: 10 };
  return buildModel(
    {
      version: 1,
      families: {
        f: { owner: 'o', metrics: metrics.map((m) => ({ ...base, ...m })) },
        other: { owner: 'o', metrics: [{ ...base, name: 'g6_other_total', type: 'counter' }] },
      },
    },
    'spec.yml',
  );
}

function plan(patch: Partial<DashboardPlan> = {}): DashboardPlan {
  return {
    slug: 's',
    title: 'S',
    families: ['f'],
    description: '',
    tags: [],
    caps: { core: 24, efficiency: 12 },
    labelSplitLimit: 2,
    ruleUsageSummary: false,
    pinned: [],
    efficiency: [],
    latencyWindows: [],
    pointer: '/dashboards/0',
    ...patch,
  };
}

const hint = (promql: string, kind = 'k'): Record<string, unknown> => ({ kind, title: `hint ${kind}`, promql });
/** Each panel as `source: first expression`. */
const summary = (m: Model, p: DashboardPlan = plan()): string[] => synthesizePanels(m, p).panels.map((x) => `${x.source}: ${x.exprs[0] ?? ''}`);

describe('automatic panels per metric', () => {
  it.each([
    ['a counter without a rate hint gets a 5m rate', [{ name: 'g6_x_total', type: 'counter' }], ['auto_rate: sum(rate(g6_x_total[5m]))']],
    [
      'a counter whose hint already rates it gets none',
      [{ name: 'g6_x_total', type: 'counter', panels: [hint('sum(rate(g6_x_total[5m]))')] }],
      ['spec: sum(rate(g6_x_total[5m]))'],
    ],
    [
      'a counter whose hint selects its rate rule gets none',
      [{ name: 'g6_x_total', type: 'counter', panels: [hint('g6_x_total:total_rate_5m')] }],
      ['spec: g6_x_total:total_rate_5m'],
    ],
    [
      'a labelled counter also gets one split per label, up to the limit',
      [{ name: 'g6_x_total', type: 'counter', labels: ['a', 'b', 'c'] }],
      ['auto_rate: sum(rate(g6_x_total[5m]))', 'auto_label_split: sum by (a) (rate(g6_x_total[5m]))', 'auto_label_split: sum by (b) (rate(g6_x_total[5m]))'],
    ],
    [
      'a split is skipped when a hint already groups by that label',
      [{ name: 'g6_x_total', type: 'counter', labels: ['a', 'b'], panels: [hint('sum by (a) (rate(g6_x_total[5m]))')] }],
      ['spec: sum by (a) (rate(g6_x_total[5m]))', 'auto_label_split: sum by (b) (rate(g6_x_total[5m]))'],
    ],
    [
      'no split when a hint shows every label unaggregated',
      [{ name: 'g6_x_total', type: 'counter', labels: ['a'], panels: [hint('rate(g6_x_total[5m])')] }],
      ['spec: rate(g6_x_total[5m])'],
    ],
    [
      'a histogram without quantile hints gets p95 and p99 and no label split',
      [{ name: 'g6_h_seconds', type: 'histogram', labels: ['t'], buckets: [1] }],
      ['auto_hist_quantile: g6_h_seconds:p95_5m', 'auto_hist_quantile: g6_h_seconds:p99_5m'],
    ],
    [
      'a histogram whose hint shows its p95 gets only p99',
      [{ name: 'g6_h_seconds', type: 'histogram', buckets: [1], panels: [hint('g6_h_seconds:p95_30m')] }],
      ['spec: g6_h_seconds:p95_30m', 'auto_hist_quantile: g6_h_seconds:p99_5m'],
    ],
    [
      'a labelled gauge gets a top 5 and a split',
      [{ name: 'g6_g', type: 'gauge', labels: ['t'] }],
      ['auto_topk: topk(5, g6_g)', 'auto_label_split: sum by (t) (g6_g)'],
    ],
    ['an unlabelled gauge without hints gets a placeholder', [{ name: 'g6_g', type: 'gauge' }], ['placeholder: g6_g']],
    ['an unlabelled gauge with a hint gets only the hint', [{ name: 'g6_g', type: 'gauge', panels: [hint('g6_g')] }], ['spec: g6_g']],
    ['a no_panel metric gets nothing', [{ name: 'g6_x_total', type: 'counter', labels: ['a'], no_panel: true }], []],
  ])('%s', (_name, metrics, expected) => {
    expect(summary(model(...metrics))).toEqual(expected);
  });

  it('only the planned families contribute panels', () => {
    expect(summary(model({ name: 'g6_g', type: 'gauge' }), plan({ families: ['other'] }))).toEqual(['auto_rate: sum(rate(g6_other_total[5m]))']);
  });
});

describe('pinned panels', () => {
  const m = model({ name: 'g6_g', type: 'gauge', panels: [hint('g6_g  /  1e6')] });

  it('move a panel with the same normalised expression to the front instead of repeating it', () => {
    expect(summary(m, plan({ pinned: [{ title: 'MB', expr: 'g6_g/1e6', pointer: '/p/0' }] }))).toEqual(['spec: g6_g  /  1e6']);
  });

  it('add a panel of their own when nothing shows the expression', () => {
    const pinned = synthesizePanels(m, plan({ pinned: [{ key: 'raw', title: 'Raw', expr: 'g6_g', unit: 'bytes', pointer: '/p/0' }] })).panels[0];
    expect(pinned).toMatchObject({ source: 'pinned', title: 'Raw', exprs: ['g6_g'], unit: 'bytes', type: 'timeseries', identity: 'pinned|raw' });
  });
});

describe('caps', () => {
  const m = model({ name: 'g6_a_total', type: 'counter', labels: ['x'], panels: [hint('sum(g6_a_total)')] }, { name: 'g6_b_total', type: 'counter' });

  it('drop automatic panels past the core cap, keep spec panels, and say so in a note', () => {
    const r = synthesizePanels(m, plan({ caps: { core: 2, efficiency: 12 } }));
    expect(r.panels.map((p) => p.source)).toEqual(['spec', 'auto_rate']);
    expect(r.notes).toEqual(['core cap 2: kept 2 of 4 panels (2 automatic panel(s) dropped; spec and pinned panels are never cut)']);
  });

  it('never cut spec panels, even when they alone exceed the cap', () => {
    const r = synthesizePanels(m, plan({ caps: { core: 0, efficiency: 12 } }));
    expect(r.panels.map((p) => p.source)).toEqual(['spec']);
  });

  it('keep the first efficiency panels up to the efficiency cap, with a note', () => {
    const efficiency = ['A', 'B', 'C'].map((title, i) => ({ title, exprs: [`vector(${i})`], pointer: `/e/${i}` }));
    const r = synthesizePanels(model({ name: 'g6_g', type: 'gauge', no_panel: true }), plan({ efficiency, caps: { core: 24, efficiency: 2 } }));
    expect(r.panels.map((p) => p.title)).toEqual(['A', 'B']);
    expect(r.notes).toEqual(['efficiency cap 2: kept 2 of 3 panels']);
  });

  it('add no note when nothing is cut', () => {
    expect(synthesizePanels(m, plan()).notes).toEqual([]);
  });
});

describe('efficiency and latency-window panels', () => {
  it.each([
    ['a windowed ratio divides the two rates, guarding a zero denominator', { numerator: 'g6_a_total', denominator: 'g6_b_total', window: '5m' }, 'sum(rate(g6_a_total[5m])) / (sum(rate(g6_b_total[5m])) > 0)'],
    ['a cumulative ratio divides the totals', { numerator: 'g6_a_total', denominator: 'g6_b_total', window: 'cumulative' }, 'sum(g6_a_total) / (sum(g6_b_total) > 0)'],
  ])('%s', (_name, ratio, expr) => {
    const r = synthesizePanels(model({ name: 'g6_g', type: 'gauge', no_panel: true }), plan({ efficiency: [{ title: 'R', ratio, pointer: '/e/0' }] }));
    expect(r.panels).toEqual([expect.objectContaining({ source: 'cross_metric', group: 'efficiency', exprs: [expr] })]);
  });

  it('a latency window gives a 5m-vs-30m comparison and the ratio panel, split by its label', () => {
    const m = model({ name: 'g6_h_seconds', type: 'histogram', labels: ['t'], buckets: [1], quantile_labels: ['t'], no_panel: true });
    const r = synthesizePanels(m, plan({ latencyWindows: [{ metric: 'g6_h_seconds', by: 't', label: 'Lat', pointer: '/l/0' }] }));
    expect(r.panels.map((p) => [p.title, p.exprs, p.legends])).toEqual([
      ['Lat p95 5m vs 30m by t', ['g6_h_seconds:p95_5m_by_t', 'g6_h_seconds:p95_30m_by_t'], ['5m {{t}}', '30m {{t}}']],
      ['Lat p95 ratio 5m/30m by t', ['g6_h_seconds:p95_ratio_5m_30m_by_t'], ['{{t}}']],
    ]);
  });
});

describe('the alerts overview', () => {
  it('comes first and lists every alert of the planned metrics, escaping pipes in table cells', () => {
    const m = model({
      name: 'g6_x_total',
      type: 'counter',
      panels: [hint('sum(rate(g6_x_total[5m]))')],
      alerts: [
        { alert: 'G6XStalled', expr: 'sum(rate(g6_x_total[5m])) == 0', for: '10m', severity: 'critical', summary: 'No x | none' },
        { alert: 'G6XSlow', expr: 'sum(rate(g6_x_total[5m])) < 1', severity: 'warning' },
      ],
    });
    const [first] = synthesizePanels(m, plan()).panels;
    expect(first).toMatchObject({ source: 'alerts_aggregate', exprs: ['ALERTS{alertname=~"G6XStalled|G6XSlow"}'], instant: true, meta: { alerts_count: 2 } });
    expect(first!.description).toContain('| G6XStalled | g6_x_total | critical | 10m | No x \\| none |');
    expect(first!.description).toContain('| G6XSlow | g6_x_total | warning |  |  |');
  });

  it('is absent when no planned metric declares an alert', () => {
    expect(synthesizePanels(model({ name: 'g6_g', type: 'gauge' }), plan()).panels.some((p) => p.source === 'alerts_aggregate')).toBe(false);
  });
});

describe('valueUnit', () => {
  it.each([
    ['the declared unit wins', { name: 'g6_x_seconds', unit: 'bytes' }, 'bytes'],
    ['a _seconds name means seconds', { name: 'g6_x_seconds' }, 's'],
    ['a _ms name means milliseconds', { name: 'g6_x_ms' }, 'ms'],
    ['a _bytes name means bytes', { name: 'g6_x_bytes' }, 'bytes'],
    ['a ratio unit is a percent unit', { name: 'g6_x', unit: 'ratio' }, 'percentunit'],
    ['anything else is short', { name: 'g6_x', unit: 'widgets' }, 'short'],
  ])('%s', (_name, fields, unit) => {
    const metric = model({ type: 'gauge', ...fields }).metricsByName.get(fields.name)!;
    expect(valueUnit(metric)).toBe(unit);
  });
});
