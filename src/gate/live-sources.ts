/**
 * The Prometheus side of check-live: the answers of a Prometheus server to the planned panel and
 * rule queries, with bounded concurrency and a timeout per request. Never throws: an unreachable
 * server is an outcome.
 */
import type { LoadedRule, PanelQueries, PrometheusAnswers, QueryAnswer, ScrapeTarget, ShippedRule } from '../auditors/live/prometheus-checks';
import { scrapeIntervalOf } from '../auditors/live/prometheus-checks';
import { durationMs } from '../promql/duration';
import { callPrometheusApi, mapBounded } from './sources';

export interface AskOptions {
  timeoutMs: number;
  concurrency: number;
  /** Overrides the scrape interval the targets report. */
  scrapeIntervalMs?: number;
}

export type AskOutcome = { ok: true; answers: PrometheusAnswers } | { ok: false; message: string };

/**
 * Targets and rules from the server, then every panel query (variables substituted for the scrape
 * interval found) and every rule query. `plan` gets the scrape interval and returns the panels.
 * Unreachable: the server gave no answer to the targets or rules call, or to a query.
 */
export async function askPrometheus(url: string, plan: (scrapeIntervalMs: number) => PanelQueries[], rules: readonly ShippedRule[], o: AskOptions): Promise<AskOutcome> {
  const [targetsCall, rulesCall] = await Promise.all([callPrometheusApi(url, 'targets', { state: 'active' }, o.timeoutMs), callPrometheusApi(url, 'rules', {}, o.timeoutMs)]);
  if (!targetsCall.ok) return { ok: false, message: targetsCall.message };
  if (!rulesCall.ok) return { ok: false, message: rulesCall.message };
  const targets = readTargets(targetsCall.data);
  const loaded = readRules(rulesCall.data);
  const scrapeIntervalMs = o.scrapeIntervalMs ?? scrapeIntervalOf(targets);
  const panels = plan(scrapeIntervalMs);
  const exprs = [...new Set([...panels.flatMap((p) => p.exprs), ...rules.flatMap((r) => r.queries)])];
  let unreachable: string | undefined;
  const answers = new Map<string, QueryAnswer>();
  await mapBounded(exprs, o.concurrency, async (expr) => {
    if (unreachable !== undefined) return;
    const res = await callPrometheusApi(url, 'query', { query: expr }, o.timeoutMs);
    if (!res.ok && res.unreachable) unreachable = res.message;
    answers.set(expr, res.ok ? { ok: true, hasData: hasData(res.data) } : { ok: false, message: res.message });
  });
  if (unreachable !== undefined) return { ok: false, message: unreachable };
  const answer = (e: string): QueryAnswer => answers.get(e)!;
  return {
    ok: true,
    answers: {
      prometheus: url,
      scrapeIntervalMs,
      targets,
      panels: panels.map((panel) => ({ panel, answers: panel.exprs.map(answer) })),
      rules: rules.map((rule) => ({ rule, loaded: loaded.get(`${rule.group}\u0000${rule.name}`), answers: rule.queries.map(answer) })),
    },
  };
}

/** A query result has data: a scalar or string, or a non-empty vector or matrix. */
function hasData(data: unknown): boolean {
  const d = data as { resultType?: string; result?: unknown } | undefined;
  return d?.resultType === 'scalar' || d?.resultType === 'string' || (Array.isArray(d?.result) && d.result.length > 0);
}

function readTargets(data: unknown): ScrapeTarget[] {
  const active = (data as { activeTargets?: Array<Record<string, unknown>> } | undefined)?.activeTargets ?? [];
  return active.map((t) => {
    const interval = typeof t.scrapeInterval === 'string' ? durationMs(t.scrapeInterval) : undefined;
    const lastError = typeof t.lastError === 'string' && t.lastError !== '' ? t.lastError : undefined;
    return {
      job: String((t.labels as Record<string, string> | undefined)?.job ?? t.scrapePool ?? ''),
      url: String(t.scrapeUrl ?? ''),
      health: String(t.health ?? 'unknown'),
      ...(lastError ? { lastError } : {}),
      ...(interval !== undefined ? { scrapeIntervalMs: interval } : {}),
    };
  });
}

/** Loaded rules by group and name. */
function readRules(data: unknown): Map<string, LoadedRule> {
  const out = new Map<string, LoadedRule>();
  const groups = (data as { groups?: Array<{ name?: string; rules?: Array<Record<string, unknown>> }> } | undefined)?.groups ?? [];
  for (const g of groups) {
    for (const r of g.rules ?? []) {
      const name = String(r.name ?? '');
      const lastError = typeof r.lastError === 'string' && r.lastError !== '' ? r.lastError : undefined;
      out.set(`${g.name}\u0000${name}`, { name, group: String(g.name), health: String(r.health ?? 'unknown'), ...(lastError ? { lastError } : {}) });
    }
  }
  return out;
}
