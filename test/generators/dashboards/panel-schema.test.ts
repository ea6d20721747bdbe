/**
 * Every panel g6 generates carries every option Grafana's schema (@grafana/schema, generated from
 * Grafana's CUE) requires of its type, with allowed values: the shipped spec's dashboards and a
 * large synthetic spec that uses every panel type the spec format admits; and Grafana's file
 * provider finds only dashboards in the committed folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDashboards } from '../../../src/generators/dashboards/generate-dashboards';
import { parsePlan } from '../../../src/generators/dashboards/plan';
import { loadModel } from '../../../src/spec/load-model';
import specSchema from '../../../src/spec/metric-spec.schema.json';
import { REPO_ROOT } from '../../support/cli';
import { optionProblems, requiredOptions } from '../../support/grafana-panel-schema';

interface Panel {
  type: string;
  title: string;
  options?: unknown;
  panels?: Panel[];
  targets?: Array<{ expr: string; format?: string }>;
}

const PANEL_TYPES = (specSchema as unknown as { definitions: Record<string, { properties?: { panel_type?: { enum: string[] } } }> }).definitions.panel!.properties!.panel_type!.enum;

/** Every panel of the dashboards, `<slug> / <title> (<type>)` → what its options lack. */
function problems(contents: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const text of contents) {
    const d = JSON.parse(text) as { uid: string; panels: Panel[] };
    const visit = (panels: Panel[]): void => {
      for (const p of panels) {
        if (p.type !== 'row') {
          const found = requiredOptions(p.type) === undefined ? ['panel type unknown to @grafana/schema'] : optionProblems(p.type, p.options);
          if (found.length) out[`${d.uid} / ${p.title} (${p.type})`] = found;
        }
        visit(p.panels ?? []);
      }
    };
    visit(d.panels);
  }
  return out;
}

function generated(specPath: string, planPath: string): string[] {
  const model = loadModel(specPath);
  return generateDashboards(model, parsePlan(readFileSync(planPath, 'utf8'), planPath, model)).dashboards.map((d) => d.content);
}

test('the schema knows every panel type a spec may ask for, and requires options of them', () => {
  expect(PANEL_TYPES.filter((t) => t !== 'text' && !requiredOptions(t)?.length)).toEqual([]);
});

test('a panel without its required options is caught, and a value outside the schema too', () => {
  expect(optionProblems('stat', { reduceOptions: { calcs: [] } })).toContain('missing colorMode');
  expect(optionProblems('heatmap', { color: {} })).toContain('missing color.scheme');
  expect(optionProblems('timeseries', { legend: { calcs: [], placement: 'top', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } })).toEqual([
    'legend.placement: "top" is not one of ["bottom","right"]',
  ]);
});

test("every panel of the shipped spec's dashboards has every required option", () => {
  const contents = generated(join(REPO_ROOT, 'spec/metrics.yml'), join(REPO_ROOT, 'spec/dashboards.yml'));
  expect(contents.length).toBeGreaterThan(10);
  expect(problems(contents)).toEqual({});
});

test('the bucket heatmap reads Prometheus buckets as they are: heatmap format, no re-bucketing', () => {
  const contents = generated(join(REPO_ROOT, 'spec/metrics.yml'), join(REPO_ROOT, 'spec/dashboards.yml'));
  const heatmaps = contents.flatMap((c) => (JSON.parse(c) as { panels: Panel[] }).panels.filter((p) => p.type === 'heatmap'));
  expect(heatmaps.length).toBeGreaterThan(0);
  for (const h of heatmaps) {
    expect(h.options).toMatchObject({ calculate: false });
    expect(h.targets!.map((t) => t.format)).toEqual(h.targets!.map(() => 'heatmap'));
  }
});

test('every panel of a large synthetic spec using every panel type has every required option', () => {
  const families = Array.from({ length: 8 }, (_, f) => {
    const metrics = PANEL_TYPES.flatMap((type, i) => {
      const base = `syn_f${f}_m${i}`;
      return [
        `      - name: ${base}_total\n        type: counter\n        help: A counter.\n        labels: [kind]\n        cardinality_budget: 4\n        panels:\n          - kind: rate\n            title: ${base} ${type}\n            promql: sum by (kind) (rate(${base}_total[5m]))\n            panel_type: ${type}`,
        `      - name: ${base}_seconds\n        type: histogram\n        help: A histogram.\n        labels: [kind]\n        cardinality_budget: 4\n        buckets: [0.1, 1, 10]\n        quantile_labels: [kind]\n        panels:\n          - kind: buckets\n            title: ${base} buckets ${type}\n            promql: sum by (le) (rate(${base}_seconds_bucket[5m]))\n            panel_type: ${type}`,
        `      - name: ${base}_depth\n        type: gauge\n        help: A gauge.\n        labels: [kind]\n        cardinality_budget: 4`,
      ];
    });
    return `  syn${f}:\n    owner: test/synthetic\n    metrics:\n${metrics.join('\n')}`;
  });
  const dir = mkdtempSync(join(tmpdir(), 'g6-schema-'));
  try {
    writeFileSync(join(dir, 'metrics.yml'), `version: 1\nfamilies:\n${families.join('\n')}\n`);
    writeFileSync(join(dir, 'dashboards.yml'), `dashboards:\n${families.map((_, f) => `  - {slug: syn${f}, title: Synthetic ${f}, families: [syn${f}]}`).join('\n')}\n`);
    const contents = generated(join(dir, 'metrics.yml'), join(dir, 'dashboards.yml'));
    const types = new Set(contents.flatMap((c) => (JSON.parse(c) as { panels: Panel[] }).panels.map((p) => p.type)));
    expect([...types].sort()).toEqual(expect.arrayContaining([...PANEL_TYPES].sort()));
    expect(problems(contents)).toEqual({});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("what Grafana's file provider loads from the committed folder is dashboards only, the manifest not among them", () => {
  // Grafana's rule: every *.json below the path, hidden folders skipped
  const dir = join(REPO_ROOT, 'grafana/dashboards/generated');
  const loaded = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json') && !f.split('/').some((part) => part.startsWith('.')));
  expect(loaded.length).toBeGreaterThan(10);
  for (const f of loaded) expect(JSON.parse(readFileSync(join(dir, f), 'utf8'))).toMatchObject({ uid: expect.any(String), panels: expect.any(Array) });
  expect(existsSync(join(dir, '.g6/manifest.json'))).toBe(true);
});
