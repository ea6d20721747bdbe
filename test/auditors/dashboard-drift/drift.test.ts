/** auditDashboardDrift and the PromQL grouping it relies on: table tests of pure functions. */
import { auditDashboardDrift, diffPanels } from '../../../src/auditors/dashboard-drift/diff-dashboards';
import { aggregationGroupings, groupsByLabel, metricsInsideCalls } from '../../../src/promql/grouping';
import { parsePromql } from '../../../src/promql/parse';

const panel = (title: string, uuid: string, expr: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  title,
  type: 'timeseries',
  gridPos: { h: 8, w: 12, x: 0, y: 0 },
  id: 1,
  targets: [{ expr, refId: 'A' }],
  g6_meta: { panel_uuid: uuid },
  ...extra,
});

describe('diffPanels', () => {
  it('pairs by panel_uuid first, so a retitle is a rename and not an add plus a remove', () => {
    expect(diffPanels([panel('New', 'u1', 'a')], [panel('Old', 'u1', 'a')])).toEqual({ changed: [], renamed: [{ from: 'Old', to: 'New' }], added: [], removed: [] });
  });
  it('falls back to the title when the uuid is gone, reporting a change', () => {
    expect(diffPanels([panel('T', 'u1', 'a')], [panel('T', 'other', 'a')])).toEqual({ changed: ['T'], renamed: [], added: [], removed: [] });
  });
  it('ignores gridPos, ids and panel order', () => {
    const moved = [panel('B', 'u2', 'b', { gridPos: { h: 3, w: 24, x: 0, y: 99 }, id: 7 }), panel('A', 'u1', 'a')];
    expect(diffPanels([panel('A', 'u1', 'a'), panel('B', 'u2', 'b')], moved)).toEqual({ changed: [], renamed: [], added: [], removed: [] });
  });
  it('counts a duplicated panel as removed', () => {
    expect(diffPanels([panel('A', 'u1', 'a')], [panel('A', 'u1', 'a'), panel('A', 'u1', 'a')]).removed).toEqual(['A']);
  });
});

it('auditDashboardDrift reports dashboard-level edits as meta:<slug>', () => {
  const expected = { title: 'X', tags: ['g6'], panels: [], g6_meta: { spec_hash: 'h' } };
  const actual = { ...expected, title: 'Y', version: 9 };
  const r = auditDashboardDrift({
    expected: [{ slug: 'x', file: 'x.json', dashboard: expected }],
    folder: { dir: 'out', files: new Map([['x.json', { text: JSON.stringify(actual) }]]), jsonFiles: ['x.json'] },
  });
  expect(r.tokens).toEqual(['meta:x']);
  expect(r.findings[0]).toMatchObject({ ruleId: 'dashboards/drift-meta', location: { file: 'out/x.json' }, context: { fields: ['title'] } });
});

it('auditDashboardDrift compares a file that is not byte-identical to the rendered content by meaning', () => {
  const dashboard = { title: 'X', tags: ['g6'], panels: [panel('A', 'u1', 'a')], g6_meta: { spec_hash: 'h' } };
  const content = `${JSON.stringify(dashboard, null, 2)}\n`;
  const audit = (text: string): string[] =>
    auditDashboardDrift({
      expected: [{ slug: 'x', file: 'x.json', dashboard, content }],
      folder: { dir: 'out', files: new Map([['x.json', { text }]]), jsonFiles: ['x.json'] },
    }).tokens;
  expect(audit(content)).toEqual([]);
  expect(audit(JSON.stringify(dashboard))).toEqual([]);
  expect(audit(JSON.stringify({ ...dashboard, panels: [panel('A', 'u1', 'b')] }))).toEqual(['changed:x:1']);
});

describe('aggregationGroupings', () => {
  const groupsBy = (expr: string, metric: string, label: string): boolean => groupsByLabel(aggregationGroupings(parsePromql(expr)), metric, label);
  it.each([
    ['sum by (a, b) (rate(m[5m]))', 'b', true],
    ['sum by(a) (m)', 'a', true],
    ['sum(rate(m[5m])) by (a)', 'a', true],
    ['sum without (a) (m)', 'b', true],
    ['sum without (a) (m)', 'a', false],
    ['sum(m)', 'a', false],
    ['sum by (a) (other)', 'a', false],
    ['sum by (a) ({__name__="m"})', 'a', true],
  ])('%s keeps label %s on m: %s', (expr, label, want) => {
    expect(groupsBy(expr, 'm', label)).toBe(want);
  });
  it('finds the metrics a rate is applied to', () => {
    expect(metricsInsideCalls(parsePromql('sum(rate(a_total[5m])) / sum(b_total)'), ['rate', 'irate'])).toEqual(['a_total']);
    expect(metricsInsideCalls(parsePromql('rate({__name__="c_total"}[5m]) + rate(d_total[$__rate_interval])'), ['rate'])).toEqual(['c_total', 'd_total']);
  });
});
