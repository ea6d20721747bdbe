/** generateDashboards: goldens, Grafana schema validity, PromQL references, caps, identity. */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { defaultDashboard } from '@grafana/schema';
import { generateDashboards, type GeneratedDashboard } from '../../../src/generators/dashboards/generate-dashboards';
import { inventoryRows, renderInventory } from '../../../src/generators/dashboards/inventory';
import { parsePlan } from '../../../src/generators/dashboards/plan';
import { GRAFANA_SCHEMA_VERSION, selectableSeriesNames } from '../../../src/model/conventions';
import type { Model } from '../../../src/model/types';
import { parsePromql, selectedMetricNames } from '../../../src/promql/parse';
import { loadModel } from '../../../src/spec/load-model';
import { REPO_ROOT } from '../../support/cli';
import { expectGolden } from '../../support/golden';
import grafanaSchema from '../../fixtures/grafana-dashboard.schema.json';

const FIXTURE_SPEC = join(REPO_ROOT, 'test/fixtures/spec/small.yml');
const FIXTURE_PLAN = join(REPO_ROOT, 'test/fixtures/dashboards/plan.yml');

function generateFrom(specPath: string, planPath: string): { model: Model; dashboards: GeneratedDashboard[]; manifest: string } {
  const model = loadModel(specPath);
  const plan = parsePlan(readFileSync(planPath, 'utf8'), planPath, model);
  const result = generateDashboards(model, plan);
  return { model, dashboards: result.dashboards, manifest: result.manifest.content };
}

function planText(entries: string): string {
  return `dashboards:\n${entries}`;
}

function withTempSpec(specYaml: string, plan: string, run: (model: Model, dashboards: GeneratedDashboard[]) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'g6-dash-'));
  try {
    writeFileSync(join(dir, 'metrics.yml'), specYaml);
    writeFileSync(join(dir, 'dashboards.yml'), plan);
    const { model, dashboards } = generateFrom(join(dir, 'metrics.yml'), join(dir, 'dashboards.yml'));
    run(model, dashboards);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<{ expr: string }>;
  g6_meta: Record<string, unknown>;
}

const panelsOf = (d: GeneratedDashboard): PanelJson[] => d.dashboard.panels as unknown as PanelJson[];

const validateGrafana = new Ajv({ allErrors: true, strict: false }).compile(grafanaSchema);

function expectValidGrafana(d: GeneratedDashboard): void {
  const ok = validateGrafana(d.dashboard);
  expect({ slug: d.plan.slug, errors: validateGrafana.errors ?? [] }).toEqual({ slug: d.plan.slug, errors: [] });
  expect(ok).toBe(true);
}

describe('the fixture spec and plan', () => {
  const { dashboards, manifest } = generateFrom(FIXTURE_SPEC, FIXTURE_PLAN);

  it('match the golden dashboards, manifest and inventory', () => {
    for (const d of dashboards) expectGolden(`test/golden/dashboards/${d.file}`, d.content);
    expectGolden('test/golden/dashboards/manifest.json', manifest);
    expectGolden('test/golden/dashboards/inventory.csv', renderInventory(inventoryRows(dashboards), 'csv'));
    expectGolden('test/golden/dashboards/inventory.jsonl', renderInventory(inventoryRows(dashboards), 'jsonl'));
  });

  it('are valid Grafana dashboards', () => {
    for (const d of dashboards) expectValidGrafana(d);
  });

  it('produce identical bytes on a second run', () => {
    const again = generateFrom(FIXTURE_SPEC, FIXTURE_PLAN);
    expect(again.dashboards.map((d) => d.content)).toEqual(dashboards.map((d) => d.content));
    expect(again.manifest).toBe(manifest);
  });

  it('put the efficiency header directly above the efficiency block', () => {
    const ingest = panelsOf(dashboards.find((d) => d.plan.slug === 'ingest')!);
    const header = ingest.findIndex((p) => p.type === 'row');
    expect(header).toBeGreaterThan(0);
    const efficiency = ingest.filter((p) => p.g6_meta.group === 'efficiency' && p.type !== 'row');
    expect(ingest.slice(header + 1).every((p) => p.g6_meta.group === 'efficiency')).toBe(true);
    expect(ingest.slice(0, header).every((p) => p.g6_meta.group !== 'efficiency')).toBe(true);
    expect(efficiency[0]!.gridPos.y).toBe(ingest[header]!.gridPos.y + ingest[header]!.gridPos.h);
  });

  it('lay full-width tables out first, then a two-column grid', () => {
    const ingest = panelsOf(dashboards.find((d) => d.plan.slug === 'ingest')!);
    expect(ingest[0]).toMatchObject({ type: 'table', title: 'Spec Alerts Overview', gridPos: { x: 0, y: 0, w: 24 } });
    const grid = ingest.filter((p) => p.type === 'timeseries');
    expect(new Set(grid.map((p) => p.gridPos.w))).toEqual(new Set([12]));
    expect(new Set(grid.map((p) => p.gridPos.x))).toEqual(new Set([0, 12]));
  });

  it('move a pinned panel that matches a generated one to the front and add the others', () => {
    const system = panelsOf(dashboards.find((d) => d.plan.slug === 'system')!);
    const titles = system.map((p) => p.title);
    expect(titles.indexOf('RSS (MB)')).toBeLessThan(titles.indexOf('RSS'));
    expect(system.find((p) => p.title === 'RSS')!.g6_meta.source).toBe('spec');
    expect(system.find((p) => p.title === 'RSS (MB)')!.g6_meta.source).toBe('pinned');
  });

  it('summarise recording-rule usage on the dashboard that asks for it', () => {
    const system = panelsOf(dashboards.find((d) => d.plan.slug === 'system')!);
    const summary = system.find((p) => p.g6_meta.source === 'governance_summary')!;
    expect(summary.type).toBe('text');
    const usage = summary.g6_meta.rule_usage as Record<string, number>;
    expect(usage.recording_rule_panels).toBeGreaterThan(0);
    expect(usage.inline_quantile_panels).toBe(0);
    expect(usage.migrated_percent).toBe(100);
    expect(dashboards.find((d) => d.plan.slug === 'ingest')!.content).not.toContain('governance_summary');
  });

  it('give every panel an id in 1..2^31-1, unique per dashboard, and a unique panel_uuid', () => {
    for (const d of dashboards) {
      const ids = panelsOf(d).map((p) => p.id);
      const uuids = panelsOf(d).map((p) => p.g6_meta.panel_uuid);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(uuids).size).toBe(uuids.length);
      for (const id of ids) expect(id >= 1 && id <= 2 ** 31 - 1 && Number.isInteger(id)).toBe(true);
    }
  });

  it('use the datasource variable, uid g6-<slug>, the current schemaVersion and g6 tags', () => {
    for (const d of dashboards) {
      expect(d.dashboard).toMatchObject({ uid: `g6-${d.plan.slug}`, schemaVersion: GRAFANA_SCHEMA_VERSION });
      expect(d.dashboard.tags).toEqual(expect.arrayContaining(['g6', 'generated', ...d.plan.tags]));
      expect(d.content).not.toMatch(/"uid": "PROM"/);
      for (const p of panelsOf(d)) if (p.targets) expect((p as unknown as { datasource: unknown }).datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  it('give an old-format plan entry a title from its slug', () => {
    expect(dashboards.find((d) => d.plan.slug === 'everything_old_format')!.dashboard.title).toBe('Everything Old Format');
  });
});

it('GRAFANA_SCHEMA_VERSION is the schemaVersion of @grafana/schema', () => {
  expect(GRAFANA_SCHEMA_VERSION).toBe(defaultDashboard.schemaVersion);
});

describe('the shipped spec and plan', () => {
  const { model, dashboards } = generateFrom(join(REPO_ROOT, 'spec/metrics.yml'), join(REPO_ROOT, 'spec/dashboards.yml'));
  const allowed = selectableSeriesNames(model);

  it('yield valid Grafana dashboards', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    for (const d of dashboards) expectValidGrafana(d);
  });

  it('yield PromQL that parses and selects only spec series and convention rule names', () => {
    const problems: string[] = [];
    let count = 0;
    for (const d of dashboards) {
      for (const p of panelsOf(d)) {
        for (const t of p.targets ?? []) {
          count++;
          const parsed = parsePromql(t.expr);
          for (const e of parsed.errors) problems.push(`${d.plan.slug} "${p.title}": ${e.message}: ${t.expr}`);
          for (const n of selectedMetricNames(parsed)) if (!allowed.has(n)) problems.push(`${d.plan.slug} "${p.title}": unknown series ${n}`);
        }
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('cover every metric with a panel on some dashboard unless it says no_panel', () => {
    const shown = new Set(dashboards.flatMap((d) => panelsOf(d).map((p) => p.g6_meta.metric)));
    const planned = new Set(dashboards.flatMap((d) => d.plan.families));
    const missing = model.metrics.filter((m) => planned.has(m.family) && !m.noPanel && !shown.has(m.name)).map((m) => m.name);
    expect(missing).toEqual([]);
  });
});

const SPEC_HEAD = 'version: 1\nfamilies:\n';

function counter(name: string, labels: string[], panels = ''): string {
  return `      - name: ${name}\n        type: counter\n        help: Test counter.\n        labels: [${labels.join(', ')}]\n        cardinality_budget: 100\n${panels}`;
}

describe('panel synthesis', () => {
  it('keep spec panels and cut automatic panels at the core cap, reporting it', () => {
    const metrics = Array.from({ length: 40 }, (_, i) =>
      counter(`g6_big_${String(i).padStart(2, '0')}_total`, ['a', 'b', 'c'], i < 30 ? `        panels:\n          - kind: k\n            title: Big ${i}\n            promql: sum by (a) (rate(g6_big_${String(i).padStart(2, '0')}_total[5m]))\n` : ''),
    );
    const spec = `${SPEC_HEAD}  big:\n    owner: test\n    metrics:\n${metrics.join('')}`;
    withTempSpec(spec, planText('  - { slug: big, families: [big] }\n  - { slug: big_small_cap, families: [big], caps: { core: 10 }, label_split_limit: 0 }\n'), (_model, [big, small]) => {
      const sources = (d: GeneratedDashboard): string[] => panelsOf(d).map((p) => String(p.g6_meta.source));
      expect(sources(big!).filter((s) => s === 'spec')).toHaveLength(30);
      expect(panelsOf(big!)).toHaveLength(30);
      expect(big!.notes).toEqual([expect.stringMatching(/^core cap 24: kept 30 of \d+ panels/)]);
      // label_split_limit 0: the 10 metrics without hints keep only their auto rate; spec panels exceed the cap
      expect(sources(small!).filter((s) => s === 'spec')).toHaveLength(30);
      expect(sources(small!).filter((s) => s !== 'spec')).toHaveLength(0);
    });
  });

  it('split counters by labels no hint groups by, reading by(), postfix by and without from the parse tree', () => {
    const hints = [
      'sum by(a, b) (rate(g6_x_total[5m]))',
      'sum(rate(g6_y_total[5m])) by (c)',
      'sum without (a, b) (rate(g6_z_total[5m]))',
    ];
    const spec = `${SPEC_HEAD}  f:\n    owner: test\n    metrics:\n${['g6_x_total', 'g6_y_total', 'g6_z_total']
      .map((n, i) => counter(n, ['a', 'b', 'c'], `        panels:\n          - kind: k\n            promql: ${hints[i]}\n`))
      .join('')}`;
    withTempSpec(spec, planText('  - { slug: f, families: [f], label_split_limit: 3 }\n'), (_model, [f]) => {
      const splits = panelsOf(f!)
        .filter((p) => p.g6_meta.source === 'auto_label_split')
        .map((p) => `${String(p.g6_meta.metric)}:${String(p.g6_meta.split_label)}`);
      expect(splits).toEqual(['g6_x_total:c', 'g6_y_total:a', 'g6_y_total:b', 'g6_z_total:a', 'g6_z_total:b']);
      // every hint rates its counter, so no auto rate panel
      expect(panelsOf(f!).filter((p) => p.g6_meta.source === 'auto_rate')).toHaveLength(0);
    });
  });

  it('generate automatic panels and placeholders for a spec with no panel hints', () => {
    const spec = `${SPEC_HEAD}  f:\n    owner: test\n    metrics:\n${counter('g6_a_total', [])}      - name: g6_level\n        type: gauge\n        help: A gauge.\n        labels: []\n        cardinality_budget: 1\n      - name: g6_wait_seconds\n        type: histogram\n        help: A histogram.\n        labels: []\n        cardinality_budget: 1\n        buckets: [0.1, 1]\n`;
    withTempSpec(spec, planText('  - { slug: f, families: [f] }\n  - { slug: empty, families: [] }\n'), (_model, [f, empty]) => {
      expect(panelsOf(f!).map((p) => [p.g6_meta.source, p.targets?.[0]?.expr])).toEqual([
        ['auto_rate', 'sum(rate(g6_a_total[5m]))'],
        ['placeholder', 'g6_level'],
        ['auto_hist_quantile', 'g6_wait_seconds:p95_5m'],
        ['auto_hist_quantile', 'g6_wait_seconds:p99_5m'],
      ]);
      expect(panelsOf(empty!)).toEqual([]);
      expectValidGrafana(empty!);
    });
  });
});
