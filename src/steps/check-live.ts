/**
 * check-live: the spec against a running service (a scrape of its metrics) and the dashboards
 * and rules against a running Prometheus; exit 14 on violations, 13 when a source is unreachable.
 */
import { ExitCode } from '../cli/exit-codes';
import { UsageError } from '../core/errors';
import type { Finding } from '../core/findings';
import { auditExposition } from '../auditors/live/audit-exposition';
import type { PanelQueries, ShippedRule } from '../auditors/live/prometheus-checks';
import type { AskOutcome } from '../gate/live-sources';
import { scrape, type TextOutcome } from '../gate/sources';
import { durationMs } from '../promql/duration';
import { DEFAULT_PATHS } from '../model/conventions';
import type { Step } from './step';
import { metricsFileOption, metricsUrlOption, prefixOption, scrapeSourceOf, timeoutOption } from './live-options';
import { nonNegativeInt, specOption } from './options';
import type { Workspace } from './workspace';

interface Gathered {
  scrape?: { shown: string; outcome: TextOutcome };
  prometheus?: { url: string; outcome: AskOutcome };
  /** A local input (dashboards, rule files) could not be read: run throws it, to be reported as every step's are. */
  error?: unknown;
}

interface Options {
  spec: string;
  metricsUrl?: string;
  metricsFile?: string;
  prometheusUrl?: string;
  prefix?: string[];
  dashboards: string;
  rules: string[];
  timeout: number;
  concurrency: number;
  scrapeInterval?: number;
  strict?: boolean;
  gathered?: Gathered;
}

function duration(value: string): number {
  const ms = durationMs(value);
  if (ms === undefined || ms <= 0) throw new UsageError('expected a Prometheus duration such as 15s or 1m');
  return ms;
}

function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new UsageError('expected a positive integer');
  return n;
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** The Prometheus side (the PromQL grammar, the dashboard reader): loaded only with --prometheus-url. */
const prometheusChecks = (): typeof import('../auditors/live/prometheus-checks') => require('../auditors/live/prometheus-checks') as typeof import('../auditors/live/prometheus-checks');

/** The panels and rules the project ships, read from its files. */
function planOf(ws: Workspace, o: Options): { panels: (scrapeIntervalMs: number) => PanelQueries[]; rules: ShippedRule[] } {
  const { readManifestDashboards } = require('../auditors/read-dashboards') as typeof import('../auditors/read-dashboards');
  const { grafanaVariables, panelQueries, shippedRules } = prometheusChecks();
  const scans = readManifestDashboards({ abs: ws.resolve(o.dashboards), display: ws.display(o.dashboards) });
  const rules = shippedRules(o.rules.map((r) => ({ display: ws.display(r), rules: ws.ruleFile(r) })));
  return { panels: (ms) => panelQueries(scans, grafanaVariables(ms)), rules };
}

const unreachable = (source: string, message: string): Finding => ({
  ruleId: 'live/source-unreachable',
  severity: 'error',
  message: `cannot read ${source}: ${message}`,
  fix: 'check the address and that the service is running and reachable from here',
  location: { file: source },
});

export const checkLiveStep: Step<Options> = {
  id: 'check-live',
  description: 'check a running service against the spec (--metrics-url / --metrics-file) and the dashboards and rules against a running Prometheus (--prometheus-url)',
  exitCode: ExitCode.LIVE_VIOLATIONS,
  options: [
    specOption,
    metricsUrlOption,
    metricsFileOption,
    { flags: '--prometheus-url <url>', description: 'run every dashboard panel query, recording rule and alert selector against this Prometheus' },
    prefixOption,
    { flags: '--dashboards <dir>', description: 'dashboards whose panels --prometheus-url queries (the manifest lists them)', default: DEFAULT_PATHS.dashboardsDir, fromPaths: 'dashboards' },
    { flags: '--rules <file...>', description: 'rule files whose rules --prometheus-url checks', default: [DEFAULT_PATHS.recordingRules, DEFAULT_PATHS.alerts, DEFAULT_PATHS.alertSuggestions], fromPaths: ['recording_rules', 'alerts', 'alert_suggestions'] },
    timeoutOption,
    { flags: '--concurrency <n>', description: 'most Prometheus queries in flight at once', default: 8, parse: positiveInt },
    { flags: '--scrape-interval <duration>', description: "scrape interval for Grafana's $__rate_interval (default: the longest the active targets report, else 15s)", parse: duration },
    { flags: '--strict', description: 'warnings fail too (HELP text, unit suffix, panels without data, rules without series)' },
  ],
  inputs: (o) => [o.spec, ...(o.metricsFile ? [o.metricsFile] : []), ...(o.prometheusUrl ? [o.dashboards, ...o.rules] : [])],
  async gather(ws, o) {
    const target = scrapeSourceOf(ws, o, false);
    if (target === undefined && o.prometheusUrl === undefined) throw new UsageError('give --metrics-url URL or --metrics-file FILE, and/or --prometheus-url URL');
    const gathered: Gathered = {};
    const timeoutMs = o.timeout * 1000;
    let plan;
    try {
      plan = o.prometheusUrl !== undefined ? planOf(ws, o) : undefined;
    } catch (error) {
      return { ...o, gathered: { error } };
    }
    const ask = async (): Promise<void> => {
      if (plan && o.prometheusUrl !== undefined) {
        const { askPrometheus } = require('../gate/live-sources') as typeof import('../gate/live-sources');
        const outcome = await askPrometheus(o.prometheusUrl, plan.panels, plan.rules, { timeoutMs, concurrency: o.concurrency, ...(o.scrapeInterval !== undefined ? { scrapeIntervalMs: o.scrapeInterval } : {}) });
        gathered.prometheus = { url: o.prometheusUrl, outcome };
      }
    };
    const read = async (): Promise<void> => {
      if (target) gathered.scrape = { shown: target.shown, outcome: await scrape(target.source, timeoutMs) };
    };
    await Promise.all([read(), ask()]);
    return { ...o, gathered };
  },
  run(ws, o) {
    const g = o.gathered ?? {};
    if (g.error !== undefined) throw g.error;
    const findings: Finding[] = [];
    const stats: Record<string, unknown> = {};
    let lost = false;
    if (g.scrape) {
      const { shown, outcome } = g.scrape;
      if (!outcome.ok) {
        findings.push(unreachable(shown, outcome.message));
        lost = true;
      } else {
        const audit = auditExposition(ws.model(o.spec), outcome.text, { source: shown, prefixes: o.prefix ?? [], openMetrics: outcome.openMetrics });
        findings.push(...audit.findings);
        stats.exposition = { ...audit.stats, format: outcome.openMetrics ? 'openmetrics' : 'text' };
      }
    }
    if (g.prometheus) {
      const { url, outcome } = g.prometheus;
      if (!outcome.ok) {
        findings.push(unreachable(url, outcome.message));
        lost = true;
      } else {
        const audit = prometheusChecks().auditPrometheus(outcome.answers);
        findings.push(...audit.findings);
        stats.prometheus = audit.stats;
      }
    }
    return { artifacts: [], findings, stats, failOnWarning: o.strict === true, ...(lost ? { failureCode: ExitCode.GATE_DATA_MISSING } : {}) };
  },
  summarize({ result, failed }) {
    const s = result.stats as { exposition?: { source: string; declared: number; matched: number; exposed: number }; prometheus?: { prometheus: string; panels: { total: number; with_data: number; share_with_data: number }; rules: { total: number } } };
    const parts: string[] = [];
    if (s.exposition) parts.push(`${s.exposition.source}: ${s.exposition.matched}/${s.exposition.declared} spec metrics exposed, ${s.exposition.exposed} exposed families`);
    if (s.prometheus) {
      const p = s.prometheus.panels;
      parts.push(`${s.prometheus.prometheus}: ${p.with_data}/${p.total} panels with data (${Math.round(p.share_with_data * 100)}%), ${s.prometheus.rules.total} rules checked`);
    }
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    return `check-live: ${parts.join('; ') || 'no source read'}${failed ? `; ${errors} error(s)` : ''}`;
  },
};
