/** diffDashboard: table tests of a pure function. */
import { diffDashboard, diffPanels } from '../../../src/auditors/dashboard-drift/diff-dashboards';

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
    expect(diffPanels([panel('New', 'u1', 'a')], [panel('Old', 'u1', 'a')])).toMatchObject({ changed: [], renamed: [{ from: 'Old', to: 'New' }], added: [], removed: [] });
  });
  it('falls back to the title when the uuid is gone, reporting a change', () => {
    expect(diffPanels([panel('T', 'u1', 'a')], [panel('T', 'other', 'a')])).toMatchObject({ changed: ['T'], renamed: [], added: [], removed: [] });
  });
  it('ignores gridPos, ids and panel order', () => {
    const moved = [panel('B', 'u2', 'b', { gridPos: { h: 3, w: 24, x: 0, y: 99 }, id: 7 }), panel('A', 'u1', 'a')];
    expect(diffPanels([panel('A', 'u1', 'a'), panel('B', 'u2', 'b')], moved)).toEqual({ changed: [], renamed: [], added: [], removed: [], differing: [] });
  });
  it('counts a duplicated panel as removed', () => {
    expect(diffPanels([panel('A', 'u1', 'a')], [panel('A', 'u1', 'a'), panel('A', 'u1', 'a')]).removed).toEqual(['A']);
  });
});

it('diffDashboard reports dashboard-level edits as meta:<slug>', () => {
  const expected = { title: 'X', tags: ['g6'], panels: [], g6_meta: { spec_hash: 'h' } };
  const actual = { ...expected, title: 'Y', version: 9 };
  const r = diffDashboard('x', 'out/x.json', expected, JSON.stringify(actual));
  expect(r.tokens).toEqual(['meta:x']);
  expect(r.findings[0]).toMatchObject({ ruleId: 'drift/dashboard-meta', location: { file: 'out/x.json' }, context: { fields: ['title'] } });
});

it('diffDashboard compares by meaning: formatting is not drift, an expression change is', () => {
  const dashboard = { title: 'X', tags: ['g6'], panels: [panel('A', 'u1', 'a')], g6_meta: { spec_hash: 'h' } };
  const tokens = (text: string): string[] => diffDashboard('x', 'out/x.json', dashboard, text).tokens;
  expect(tokens(`${JSON.stringify(dashboard, null, 2)}\n`)).toEqual([]);
  expect(tokens(JSON.stringify(dashboard))).toEqual([]);
  expect(tokens(JSON.stringify({ ...dashboard, panels: [panel('A', 'u1', 'b')] }))).toEqual(['changed:x:1']);
  expect(tokens('{not json')).toEqual(['unreadable:x']);
});

it('diffDashboard lists what changed per panel for --diff: title, type, unit, expressions', () => {
  const dashboard = { title: 'X', panels: [panel('A', 'u1', 'rate(a[5m])'), panel('B', 'u2', 'b')], g6_meta: { spec_hash: 'h' } };
  const onDisk = { ...dashboard, panels: [panel('Old A', 'u1', 'rate(a[1m])'), panel('C', 'u3', 'c')] };
  expect(diffDashboard('x', 'x.json', dashboard, JSON.stringify(onDisk)).changes).toEqual([
    {
      change: 'renamed',
      title: 'A',
      fields: [
        { field: 'title', current: 'Old A', generated: 'A' },
        { field: 'expr[0]', current: 'rate(a[1m])', generated: 'rate(a[5m])' },
      ],
    },
    { change: 'added', title: 'B', fields: [] },
    { change: 'removed', title: 'C', fields: [] },
  ]);
});
