/**
 * Spec + plan → Grafana dashboards, their manifest and a panel inventory, all in memory.
 * Pure: no file system, no clock; same model and plan give the same bytes.
 */
import { sha256Hex } from '../../core/hash';
import { conventionalRuleNames, dashboardUid, GENERATOR_VERSION, MANIFEST_FILE } from '../../model/conventions';
import type { Model } from '../../model/types';
import { findHistogramQuantiles } from '../../promql/quantiles';
import { parsePromql, selectedMetricNames } from '../../promql/parse';
import type { Artifact } from '../../core/artifacts';
import { renderStableJson } from '../../output/serialize';
import { assembleDashboard, type JsonObject } from './assemble';
import { layoutPanels } from './layout';
import type { DashboardPlan, Plan } from './plan';
import { synthesizePanels, type PanelDraft } from './synthesize';

export interface GeneratedDashboard {
  plan: DashboardPlan;
  /** File name inside the output folder: `<slug>.json`. */
  file: string;
  dashboard: JsonObject;
  /** Rendered file content (stable JSON, LF, trailing newline). */
  content: string;
  panelCount: number;
  /** Caps that were applied, one sentence each. */
  notes: string[];
}

export interface DashboardsResult {
  /** Every planned dashboard, in plan order. */
  dashboards: GeneratedDashboard[];
  manifest: Artifact;
}

export interface RuleUsage {
  total_panels: number;
  recording_rule_panels: number;
  inline_quantile_panels: number;
  migrated_percent: number;
}

/**
 * Count panels with PromQL (alerts overviews excluded) that select recording-rule series and
 * those computing `histogram_quantile` inline. migrated_percent = rule / (rule + inline), one
 * decimal; 100 when neither occurs (nothing left to migrate).
 */
export function measureRuleUsage(panels: readonly PanelDraft[], ruleSeries: ReadonlySet<string>): RuleUsage {
  let total = 0;
  let rule = 0;
  let inline = 0;
  for (const p of panels) {
    if (p.exprs.length === 0 || p.source === 'alerts_aggregate') continue;
    total++;
    const parsed = p.exprs.map((e) => parsePromql(e));
    if (parsed.some((x) => selectedMetricNames(x).some((n) => ruleSeries.has(n)))) rule++;
    if (parsed.some((x) => findHistogramQuantiles(x).length > 0)) inline++;
  }
  const migrated = rule + inline === 0 ? 100 : Math.round((1000 * rule) / (rule + inline)) / 10;
  return { total_panels: total, recording_rule_panels: rule, inline_quantile_panels: inline, migrated_percent: migrated };
}

function ruleUsagePanel(usage: RuleUsage, dashboards: number): PanelDraft {
  return {
    title: 'Recording Rule Usage Summary',
    type: 'text',
    exprs: [],
    source: 'governance_summary',
    group: 'core',
    identity: 'rule_usage_summary',
    content: [
      `Recording-rule usage over the ${dashboards} generated dashboards (panels with PromQL, alert tables excluded).`,
      '',
      '| panels | using recording-rule series | inline histogram_quantile | migrated |',
      '|---:|---:|---:|---:|',
      `| ${usage.total_panels} | ${usage.recording_rule_panels} | ${usage.inline_quantile_panels} | ${usage.migrated_percent.toFixed(1)}% |`,
    ].join('\n'),
    meta: { rule_usage: { ...usage } },
  };
}

const EFFICIENCY_HEADER: PanelDraft = {
  title: 'Efficiency & Latency Diagnostics',
  type: 'row',
  exprs: [],
  source: 'group_header',
  group: 'efficiency',
  identity: 'efficiency_header',
};

/**
 * Generate every planned dashboard (plan order) and the manifest describing all of them.
 * Callers pick which files to write or verify; the manifest never depends on that choice.
 */
export function generateDashboards(model: Model, plan: Plan): DashboardsResult {
  const synthesized = plan.dashboards.map((p) => ({ plan: p, ...synthesizePanels(model, p) }));
  const needsUsage = plan.dashboards.some((p) => p.ruleUsageSummary);
  const usage = needsUsage ? measureRuleUsage(synthesized.flatMap((s) => s.panels), conventionalRuleNames(model)) : undefined;
  const dashboards = synthesized.map((s): GeneratedDashboard => {
    const panels = [...s.panels];
    if (s.plan.ruleUsageSummary && usage) {
      const at = panels[0]?.source === 'alerts_aggregate' ? 1 : 0;
      panels.splice(at, 0, ruleUsagePanel(usage, plan.dashboards.length));
    }
    const placed = layoutPanels(panels, EFFICIENCY_HEADER);
    const alertsCount = Number(panels.find((p) => p.source === 'alerts_aggregate')?.meta?.alerts_count ?? 0);
    const dashboard = assembleDashboard({ plan: s.plan, specHash: model.specHash, placed, alertsCount });
    return {
      plan: s.plan,
      file: `${s.plan.slug}.json`,
      dashboard,
      content: renderStableJson(dashboard),
      panelCount: placed.length,
      notes: s.notes,
    };
  });
  return { dashboards, manifest: { path: MANIFEST_FILE, content: renderStableJson(buildManifest(model, plan, dashboards)), kind: 'json' } };
}

/** The manifest object: no timestamp; sha256 of each dashboard file's bytes. */
export function buildManifest(model: Model, plan: Plan, dashboards: readonly GeneratedDashboard[]): JsonObject {
  return {
    count: dashboards.length,
    dashboards: dashboards.map((d) => ({
      families: [...d.plan.families],
      file: d.file,
      panel_count: d.panelCount,
      sha256: sha256Hex(d.content),
      slug: d.plan.slug,
      title: d.plan.title,
      uid: dashboardUid(d.plan.slug),
    })),
    generator_version: GENERATOR_VERSION,
    plan_hash: plan.hash,
    spec_hash: model.specHash,
  };
}
