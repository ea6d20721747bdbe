/**
 * Dashboard plans: parse spec/dashboards.yml (positions kept), check it against plan.schema.json
 * and against the model (families, metrics, expressions), and resolve defaults. Pure over text.
 */
import type { ErrorObject } from 'ajv';
import { InputError } from '../../core/errors';
import { contentHash16 } from '../../core/hash';
import { selectableSeriesNames } from '../../model/conventions';
import type { Model } from '../../model/types';
import { keyPosition, locate, parseYamlWithPositions, type ParsedYaml } from '../../spec/parse-yaml';
import { checkExpression } from './references';
import validatePlanDocument from './plan-validate.generated';

export interface PlanCaps {
  core: number;
  efficiency: number;
}

export interface PinnedPanelPlan {
  key?: string;
  title: string;
  expr: string;
  unit?: string;
  panelType?: string;
  pointer: string;
}

export interface EfficiencyPanelPlan {
  key?: string;
  title: string;
  unit?: string;
  description?: string;
  ratio?: { numerator: string; denominator: string; window: string };
  exprs?: string[];
  pointer: string;
}

export interface LatencyWindowPlan {
  metric: string;
  by?: string;
  label?: string;
  pointer: string;
}

export interface DashboardPlan {
  slug: string;
  title: string;
  families: string[];
  description: string;
  tags: string[];
  caps: PlanCaps;
  labelSplitLimit: number;
  ruleUsageSummary: boolean;
  pinned: PinnedPanelPlan[];
  efficiency: EfficiencyPanelPlan[];
  latencyWindows: LatencyWindowPlan[];
  pointer: string;
}

export interface Plan {
  file: string;
  /** 16-hex hash of the canonical parsed plan (comments and line endings do not count). */
  hash: string;
  dashboards: DashboardPlan[];
}

export const PLAN_DEFAULTS = {
  caps: { core: 24, efficiency: 12 },
  labelSplitLimit: 2,
  ruleUsageSummary: false,
} as const;

interface RawOptions {
  caps?: Partial<PlanCaps>;
  label_split_limit?: number;
  rule_usage_summary?: boolean;
}

interface RawDashboard extends RawOptions {
  slug: string;
  title?: string;
  families?: string[];
  description?: string;
  tags?: string[];
  pinned?: Array<{ key?: string; title: string; expr: string; unit?: string; panel_type?: string }>;
  efficiency?: Array<{
    key?: string;
    title: string;
    unit?: string;
    description?: string;
    ratio?: { numerator: string; denominator: string; window?: string };
    exprs?: string[];
  }>;
  latency_windows?: Array<{ metric: string; by?: string; label?: string }>;
}

interface RawPlan {
  defaults?: RawOptions;
  dashboards: RawDashboard[];
}

interface PlanProblem {
  pointer: string;
  message: string;
  fix: string;
  /** Locate the key rather than the value (unknown fields). */
  atKey?: boolean;
}

/** `bus_health` → `Bus Health`: the title of a plan entry that gives none. */
export function titleFromSlug(slug: string): string {
  return slug
    .split(/[_-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * Parse and check a plan. Every problem (YAML syntax, schema, unknown family, duplicate slug,
 * unknown metric, bad expression) is collected and thrown as one InputError (exit 3) whose lines
 * read `file:line:col /pointer: message; fix: ...`.
 */
export function parsePlan(text: string, file: string, model: Model): Plan {
  const parsed = parseYamlWithPositions(text, file);
  const doc = parsed.doc;
  if (!validatePlanDocument(doc)) {
    const errors = (validatePlanDocument as unknown as { errors?: ErrorObject[] }).errors ?? [];
    throw planError(parsed, errors.filter((e) => e.keyword !== 'if').map(schemaProblem));
  }
  const raw = doc as RawPlan;
  const problems = checkPlan(raw, model);
  if (problems.length > 0) throw planError(parsed, problems);
  const defaults = raw.defaults ?? {};
  const dashboards = raw.dashboards.map((d, i): DashboardPlan => {
    const pointer = `/dashboards/${i}`;
    return {
      slug: d.slug,
      title: d.title ?? titleFromSlug(d.slug),
      families: d.families ?? [],
      description: d.description ?? '',
      tags: d.tags ?? [],
      caps: {
        core: d.caps?.core ?? defaults.caps?.core ?? PLAN_DEFAULTS.caps.core,
        efficiency: d.caps?.efficiency ?? defaults.caps?.efficiency ?? PLAN_DEFAULTS.caps.efficiency,
      },
      labelSplitLimit: d.label_split_limit ?? defaults.label_split_limit ?? PLAN_DEFAULTS.labelSplitLimit,
      ruleUsageSummary: d.rule_usage_summary ?? defaults.rule_usage_summary ?? PLAN_DEFAULTS.ruleUsageSummary,
      pinned: (d.pinned ?? []).map((p, j) => ({
        key: p.key,
        title: p.title,
        expr: p.expr.trim(),
        unit: p.unit,
        panelType: p.panel_type,
        pointer: `${pointer}/pinned/${j}`,
      })),
      efficiency: (d.efficiency ?? []).map((e, j) => ({
        key: e.key,
        title: e.title,
        unit: e.unit,
        description: e.description,
        ratio: e.ratio ? { numerator: e.ratio.numerator, denominator: e.ratio.denominator, window: e.ratio.window ?? '5m' } : undefined,
        exprs: e.exprs?.map((x) => x.trim()),
        pointer: `${pointer}/efficiency/${j}`,
      })),
      latencyWindows: (d.latency_windows ?? []).map((w, j) => ({ metric: w.metric, by: w.by, label: w.label, pointer: `${pointer}/latency_windows/${j}` })),
      pointer,
    };
  });
  return { file, hash: contentHash16(doc), dashboards };
}

function checkPlan(raw: RawPlan, model: Model): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const families = model.families.map((f) => f.name);
  const familySet = new Set(families);
  const seen = new Map<string, number>();
  let allowed: ReadonlySet<string> | undefined;
  const checkExpr = (expr: string, pointer: string): void => {
    allowed ??= selectableSeriesNames(model);
    for (const message of checkExpression(expr, allowed)) {
      problems.push({ pointer, message, fix: 'select spec metrics or recording rules named by the conventions (see g6 validate-spec)' });
    }
  };
  const checkMetric = (name: string, pointer: string, ratioWindow?: string): void => {
    const metric = model.metricsByName.get(name);
    if (!metric) problems.push({ pointer, message: `unknown metric "${name}"`, fix: 'name a metric of the spec' });
    else if (ratioWindow !== undefined && metric.type === 'histogram') {
      problems.push({ pointer, message: `"${name}" is a histogram; a ratio needs a counter or gauge`, fix: 'use exprs with its _sum or _count series instead' });
    } else if (ratioWindow !== undefined && ratioWindow !== 'cumulative' && metric.type !== 'counter') {
      problems.push({ pointer, message: `"${name}" is a ${metric.type}; a ${ratioWindow} rate ratio needs counters`, fix: 'use window: cumulative, or exprs' });
    }
  };
  raw.dashboards.forEach((d, i) => {
    const p = `/dashboards/${i}`;
    const first = seen.get(d.slug);
    if (first !== undefined) {
      problems.push({ pointer: `${p}/slug`, message: `duplicate dashboard slug "${d.slug}" (first at /dashboards/${first})`, fix: 'give every dashboard its own slug' });
    } else seen.set(d.slug, i);
    (d.families ?? []).forEach((f, j) => {
      if (!familySet.has(f)) problems.push({ pointer: `${p}/families/${j}`, message: `plan "${d.slug}" names unknown family "${f}"`, fix: `use one of: ${families.join(', ')}` });
    });
    (d.pinned ?? []).forEach((pin, j) => checkExpr(pin.expr, `${p}/pinned/${j}/expr`));
    (d.efficiency ?? []).forEach((e, j) => {
      const q = `${p}/efficiency/${j}`;
      if ((e.ratio === undefined) === (e.exprs === undefined)) {
        problems.push({ pointer: q, message: `efficiency panel "${e.title}" must give exactly one of "ratio" or "exprs"`, fix: 'keep one of the two fields' });
      }
      if (e.ratio) {
        checkMetric(e.ratio.numerator, `${q}/ratio/numerator`, e.ratio.window ?? '5m');
        checkMetric(e.ratio.denominator, `${q}/ratio/denominator`, e.ratio.window ?? '5m');
      }
      (e.exprs ?? []).forEach((x, k) => checkExpr(x, `${q}/exprs/${k}`));
    });
    (d.latency_windows ?? []).forEach((w, j) => {
      const q = `${p}/latency_windows/${j}`;
      const metric = model.metricsByName.get(w.metric);
      if (!metric) return checkMetric(w.metric, `${q}/metric`);
      if (metric.type !== 'histogram') {
        problems.push({ pointer: `${q}/metric`, message: `"${w.metric}" is a ${metric.type}; latency windows need a histogram`, fix: 'name a histogram of the spec' });
      } else if (w.by !== undefined && !metric.quantileLabels.includes(w.by)) {
        const known = metric.quantileLabels.length ? `one of: ${metric.quantileLabels.join(', ')}` : 'no "by" (the histogram declares no quantile_labels)';
        problems.push({ pointer: `${q}/by`, message: `"${w.by}" is not a quantile label of ${w.metric}`, fix: `use ${known}` });
      }
      return undefined;
    });
  });
  return problems;
}

function schemaProblem(e: ErrorObject): PlanProblem {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { pointer: e.instancePath, message: `missing required field "${String(p.missingProperty)}"`, fix: `add "${String(p.missingProperty)}"` };
    case 'additionalProperties':
      return {
        pointer: `${e.instancePath}/${String(p.additionalProperty)}`,
        message: `unknown field "${String(p.additionalProperty)}"`,
        atKey: true,
        fix: 'remove it or correct its spelling (see src/generators/dashboards/plan.schema.json)',
      };
    default:
      return { pointer: e.instancePath, message: e.message ?? 'schema violation', fix: 'see src/generators/dashboards/plan.schema.json' };
  }
}

function planError(parsed: ParsedYaml, problems: readonly PlanProblem[]): InputError {
  const unique = new Map<string, PlanProblem & { line: number; column: number }>();
  for (const pr of problems) {
    const pos = (pr.atKey ? keyPosition(parsed, pr.pointer) : undefined) ?? locate(parsed, pr.pointer);
    const entry = { ...pr, line: pos?.line ?? 0, column: pos?.column ?? 0 };
    unique.set(`${pr.pointer}\0${pr.message}`, entry);
  }
  const sorted = [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column || (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  const lines = sorted.map((pr) => `  ${parsed.file}${pr.line ? `:${pr.line}:${pr.column}` : ''} ${pr.pointer || '/'}: ${pr.message}; fix: ${pr.fix}`);
  return new InputError(`${parsed.file}: invalid dashboard plan (${sorted.length} error${sorted.length === 1 ? '' : 's'})\n${lines.join('\n')}`);
}
