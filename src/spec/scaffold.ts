/**
 * What `g6 init` writes into a new repository: a project config, a small metric spec and its
 * dashboard plan, valid as written — `g6 validate-spec` passes and `g6 generate` produces every
 * artifact from them. Pure: the files as artifacts.
 */
import type { Artifact } from '../core/artifacts';

/** Where editors find the schemas once g6 is installed as a dependency. */
const SCHEMAS = 'node_modules/g6/src';

const PROJECT_CONFIG = `# yaml-language-server: $schema=${SCHEMAS}/spec/project-config.schema.json
# g6 project config: where the spec and the generated artifacts live, lint levels, and the
# defaults of each command (a flag on the command line wins). Paths are relative to this file.
version: 1
paths:
  spec: spec/metrics.yml
  plan: spec/dashboards.yml
  dashboards: grafana/dashboards/generated
  generated: generated
  recording_rules: rules/recording_rules.yml
  alerts: rules/alerts.yml
  alert_suggestions: rules/alert_suggestions.yml
  rule_tests: rules/tests
  rules_catalog: docs/RULES_CATALOG.md
lint:
  rules: {}            # e.g. spec/non-counter-total: warning
checks: {}             # e.g. audit-quantiles: {allow-inline: 2}
output:
  format: text
`;

const SPEC = `# yaml-language-server: $schema=../${SCHEMAS}/spec/metric-spec.schema.json
# The metric spec: every metric the service emits, with labels, budgets, buckets, panel hints
# and alerts. g6 generates accessors, dashboards, recording rules and alerts from it.
version: 1
families:
  app:
    owner: src/app
    metrics:
      - name: app_requests_total
        type: counter
        help: Requests handled, by outcome.
        labels: [outcome]
        label_values:
          outcome: [ok, error]
        cardinality_budget: 2
        panels:
          - kind: rate
            title: Requests per second by outcome
            promql: sum by (outcome) (rate(app_requests_total[$__rate_interval]))
        alerts:
          - alert: AppErrorsHigh
            expr: sum(rate(app_requests_total{outcome="error"}[5m])) > 1
            for: 10m
            severity: warning
            summary: More than one failed request per second for 10 minutes.
            description: Requests keep failing; check the service's logs and its dependencies.
            test:                 # promtool unit-test inputs: series that make it fire, and that keep it silent
              firing: [{series: 'app_requests_total{outcome="error"}', values: '0+120x40'}]
              silent: [{series: 'app_requests_total{outcome="error"}', values: '0+6x40'}]
      - name: app_request_duration_seconds
        type: histogram
        help: Request duration in seconds.
        labels: []
        cardinality_budget: 1
        buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]
        unit: seconds
        panels:
          - kind: latency_p95
            title: Request duration p95
            promql: app_request_duration_seconds:p95_5m
            unit: s
      - name: app_queue_depth
        type: gauge
        help: Requests waiting in the queue.
        labels: []
        cardinality_budget: 1
        panels:
          - kind: depth
            title: Queue depth
            promql: max(app_queue_depth)
`;

const PLAN = `# yaml-language-server: $schema=../${SCHEMAS}/generators/dashboards/plan.schema.json
# Dashboard plans: one generated Grafana dashboard per entry, from the listed spec families.
dashboards:
  - slug: app
    title: App
    families: [app]
    description: Request rate, latency and queue depth.
    tags: [app]
`;

/** A plan with one dashboard per family of a spec drafted by `g6 infer`. */
function planFor(families: readonly string[]): string {
  const entries = families.map((f) => `  - slug: ${f}\n    families: [${f}]\n`);
  return `# yaml-language-server: $schema=../${SCHEMAS}/generators/dashboards/plan.schema.json\n# Dashboard plans, one per family of the spec g6 infer drafted; merge and retitle them freely.\ndashboards:\n${entries.join('')}`;
}

/**
 * The three files, at their conventional paths: the sample spec and plan, or — `from` a spec
 * that `g6 infer` drafted from a running service — that spec with one dashboard per family.
 */
export function scaffoldProject(from?: { spec: string; families: readonly string[] }): Artifact[] {
  return [
    { path: '.g6.yml', content: PROJECT_CONFIG, kind: 'text' },
    { path: 'spec/metrics.yml', content: from ? from.spec : SPEC, kind: 'text' },
    { path: 'spec/dashboards.yml', content: from ? planFor(from.families) : PLAN, kind: 'text' },
  ];
}
