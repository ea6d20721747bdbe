/**
 * The audits on artifacts nobody here wrote, in the shapes users have them: a ConfigMapList of
 * dashboards (a without(...) quantile, a staging/prod pair), a Grafana API export and
 * PrometheusRule resources in one multi-document stream.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRuleFile } from '../../src/rules/rule-file';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';

const DIR = 'test/fixtures/third-party';
const DASHBOARDS = [`${DIR}/dashboards-configmaplist.yaml`, `${DIR}/grafana-api-export.json`];
const RULES = `${DIR}/prometheus-rules.yaml`;
const SPEC = `${DIR}/spec.yml`;

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; line?: number; pointer: string };
  context: Record<string, unknown>;
}
interface Report {
  exitCode: number;
  summary: string;
  stats: Record<string, any>;
  findings: Finding[];
}

const json = (args: string[]): Report => {
  const r = runG6([...args, '--format', 'json']);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.exitCode).toBe(r.code);
  return report;
};

describe('audit-quantiles', () => {
  const report = json(['audit-quantiles', '--dashboards', ...DASHBOARDS, '--rules', RULES]);
  const of = (ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId).map((f) => [f.context.dashboard, f.context.panel, f.context.rule ?? null]);

  test('flags exactly the inline quantiles a rule computes: the pasted without(...) rule and the prod panels', () => {
    expect(report.exitCode).toBe(10);
    expect(of('quantiles/inline-recorded')).toEqual([
      ['apiserver', 'Request p99', 'cluster_quantile:apiserver_request_duration_seconds:p99_5m'],
      ['checkout-prod', 'Latency p99', 'env:checkout_request_duration_seconds:p99_5m'],
      ['node-overview', 'Checkout p99 (prod)', 'env:checkout_request_duration_seconds:p99_5m'],
    ]);
  });

  test('lists the others as info, saying how the nearest rules differ; the staging panel is not told to use the prod rule', () => {
    const info = report.findings.filter((f) => f.ruleId === 'quantiles/inline');
    expect(info.map((f) => [f.context.dashboard, f.context.panel, f.context.similar])).toEqual([
      ['apiserver', 'Request p99 by verb', ['cluster_quantile:apiserver_request_duration_seconds:p99_5m']],
      ['checkout-staging', 'Latency p99', ['env:checkout_request_duration_seconds:p99_5m']],
    ]);
    expect(info[1]!.message).toContain('not even env:checkout_request_duration_seconds:p99_5m (label matchers {env="prod"}), which differs');
    expect(info[1]!.severity).toBe('info');
  });

  test('locates a dashboard of a ConfigMap by its data entry: line and pointer', () => {
    const staging = report.findings.find((f) => f.ruleId === 'quantiles/inline' && f.context.dashboard === 'checkout-staging')!;
    expect(staging.location).toEqual({ file: `${DIR}/dashboards-configmaplist.yaml`, line: 79, pointer: '/items/1/data/checkout-staging.json/panels/0/targets/0/expr' });
    const node = report.findings.find((f) => f.context.dashboard === 'node-overview')!;
    expect(node.location).toEqual({ file: `${DIR}/grafana-api-export.json`, pointer: '/dashboard/panels/1/targets/0/expr' });
  });

  test('counts every dashboard of the list and the export, and the target that does not parse', () => {
    expect(report.stats).toEqual({ dashboards: 4, panels: 10, targets: 10, inline_quantiles: 5, violations: 3, allowed: 0, unparsable: 1 });
  });

  test('a quoted glob and a folder read the same dashboards', () => {
    const glob = json(['audit-quantiles', '--dashboards', `${DIR}/*.{json,yaml}`, '--rules', RULES]);
    const folder = json(['audit-quantiles', '--dashboards', DIR, '--rules', RULES]);
    expect(glob.stats).toEqual(report.stats);
    expect(folder.stats).toEqual(report.stats);
  });
});

test('validate-coverage without a manifest checks every dashboard found', () => {
  const report = json(['validate-coverage', '--spec', SPEC, '--dashboards', ...DASHBOARDS]);
  expect(report.exitCode).toBe(11);
  expect(report.stats).toMatchObject({ scope: 'found', dashboards: 4, total: 2, covered: 1, missing: [{ metric: 'checkout_cart_items' }] });
  expect(report.findings.map((f) => [f.ruleId, f.location.pointer])).toEqual([['coverage/uncovered-hint', '/families/checkout/metrics/3/panels/0/promql']]);
});

describe('analyze', () => {
  const report = json(['analyze', '--dashboards', ...DASHBOARDS, '--rules', RULES, '--spec', SPEC]);

  test('exits 0 and gives metrics-in-grafana.json as mimirtool writes it', () => {
    expect(report.exitCode).toBe(0);
    expect(report.stats.grafana.dashboards).toEqual([
      { slug: 'apiserver', uid: 'apiserver', title: 'Kubernetes / API server', metrics: ['apiserver_request_duration_seconds_bucket', 'cluster_quantile:apiserver_request_duration_seconds:p99_5m'], parse_errors: [] },
      {
        slug: 'checkout-staging',
        uid: 'checkout-staging',
        title: 'Checkout (staging)',
        // the $env variable's label_values(checkout_requests_total, env) counts
        metrics: ['checkout_request_duration_seconds_bucket', 'checkout_requests_total', 'env:checkout_requests:rate5m'],
        parse_errors: ['query=sum(rate(checkout_requests_total[5m]: unexpected end of expression at offset 36'],
      },
      { slug: 'checkout-prod', uid: 'checkout-prod', title: 'Checkout (prod)', metrics: ['checkout_request_duration_seconds_bucket', 'env:checkout_errors:ratio_rate5m'], parse_errors: [] },
      { slug: 'node-overview', uid: 'node', title: 'Node overview', metrics: ['checkout_request_duration_seconds_bucket', 'node_cpu_seconds_total'], parse_errors: [] },
    ]);
    expect(report.stats.grafana.metricsUsed).toEqual([...new Set(report.stats.grafana.dashboards.flatMap((d: { metrics: string[] }) => d.metrics))].sort());
  });

  test('gives metrics-in-ruler.json with the PrometheusRule as namespace (under mimirtool\'s key too)', () => {
    expect(report.stats.ruler.ruleGroups.map((g: Record<string, unknown>) => [g.namespace, g.namspace, g.name, (g.metrics as string[]).length, g.parse_errors])).toEqual([
      ['monitoring/apiserver-rules', 'monitoring/apiserver-rules', 'apiserver.rules', 2, []],
      ['shop/checkout-rules', 'shop/checkout-rules', 'checkout.rules', 5, []],
    ]);
  });

  test('against the spec: recording rules resolved to raw metrics, unknown and unused metrics, use counts', () => {
    expect(report.stats.spec).toEqual({
      spec: SPEC,
      unknown: ['apiserver_request_duration_seconds_bucket', 'node_cpu_seconds_total'],
      unused: ['checkout_cart_items'],
      usage: {
        checkout_cart_items: { dashboards: 0, panels: 0, rules: 0 },
        // only through env:checkout_errors:ratio_rate5m: one prod panel, its record and the alert on it
        checkout_errors_total: { dashboards: 1, panels: 1, rules: 2 },
        checkout_request_duration_seconds: { dashboards: 3, panels: 3, rules: 1 },
        checkout_requests_total: { dashboards: 2, panels: 3, rules: 3 },
      },
    });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.context?.metric ?? null])).toEqual([
      ['analyze/unknown-metric', 'warning', 'apiserver_request_duration_seconds_bucket'],
      ['analyze/parse-error', 'warning', null],
      ['analyze/unknown-metric', 'warning', 'node_cpu_seconds_total'],
      ['analyze/unused-metric', 'warning', 'checkout_cart_items'],
    ]);
  });

  test('without a spec it only lists, and the summary says what it found', () => {
    const plain = json(['analyze', '--dashboards', ...DASHBOARDS, '--rules', RULES]);
    expect(plain.stats.spec).toBeUndefined();
    expect(plain.summary).toBe('analyze: 4 dashboards use 7 metrics, 2 rule groups use 7, 1 parse errors');
  });
});

describe('reading third-party shapes, and refusing what is not one', () => {
  test('a PrometheusRule error names the line in the stream and the pointer within its document; other resources are skipped', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n    - name: g\n      rules:\n        - record: a\n          expr: sum(\n';
    expect(() => parseRuleFile(text, 'r.yaml')).toThrow('r.yaml: invalid rule file (1 problem); fix them or regenerate the file\n  r.yaml:12:17 /spec/groups/0/rules/0/expr: PromQL does not parse');
    expect(parseRuleFile(text.replace('sum(', 'sum(up)'), 'r.yaml')).toMatchObject({ groups: [{ name: 'g', rules: [{ record: 'a', expr: 'sum(up)' }] }], foreign: ['ConfigMap'] });
  });

  test('a rules folder of Kubernetes manifests contributes its PrometheusRules; a named file of other resources exits 3', () => {
    const ws = tempWorkspace([RULES]);
    try {
      writeFileSync(join(ws.dir, DIR, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop}\n');
      const folder = runG6(['analyze', '--dashboards', join(REPO_ROOT, DIR), '--rules', DIR, '--format', 'json'], { cwd: ws.dir });
      expect(folder.code).toBe(0);
      expect((JSON.parse(folder.stdout) as Report).stats.ruler.ruleGroups).toHaveLength(2);
      const named = runG6(['analyze', '--dashboards', join(REPO_ROOT, DIR), '--rules', `${DIR}/deployment.yaml`], { cwd: ws.dir });
      expect(named.code).toBe(3);
      expect(named.stderr).toContain(`${DIR}/deployment.yaml: holds no rules, only Deployment; give rule files or PrometheusRule resources (check --rules)`);
    } finally {
      ws.cleanup();
    }
  });

  test('group names need only be unique within one resource of a stream', () => {
    const doc = (name: string): string => `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: ${name}, namespace: ns}\nspec:\n  groups:\n    - name: g\n      rules: [{record: "a:b", expr: "up"}]\n`;
    expect(parseRuleFile(`${doc('one')}---\n${doc('two')}`, 'r.yaml').groups.map((g) => g.resource)).toEqual(['ns/one', 'ns/two']);
  });

  test('a ConfigMap entry with broken JSON, and a named file holding no dashboard, exit 3 with the place', () => {
    const ws = tempWorkspace();
    try {
      writeFileSync(join(ws.dir, 'cm.yaml'), 'kind: ConfigMap\napiVersion: v1\ndata:\n  a.json: |\n    {"panels": [\n');
      writeFileSync(join(ws.dir, 'other.yaml'), 'kind: Deployment\napiVersion: apps/v1\n');
      const rules = join(REPO_ROOT, RULES);
      const broken = runG6(['audit-quantiles', '--dashboards', 'cm.yaml', '--rules', rules], { cwd: ws.dir });
      expect(broken.code).toBe(3);
      expect(broken.stderr).toContain('cm.yaml:4 /data/a.json:2:1: invalid JSON');
      const none = runG6(['audit-quantiles', '--dashboards', 'other.yaml', '--rules', rules], { cwd: ws.dir });
      expect(none.code).toBe(3);
      expect(none.stderr).toContain('other.yaml: holds no dashboard; give Grafana dashboard JSON, or ConfigMaps whose data entries (*.json) hold it');
      expect(runG6(['audit-quantiles', '--dashboards', 'nothing-*.json', '--rules', rules], { cwd: ws.dir }).stderr).toContain('nothing-*.json: no dashboard (*.json, *.yaml, *.yml) matches this pattern');
    } finally {
      ws.cleanup();
    }
  });
});
