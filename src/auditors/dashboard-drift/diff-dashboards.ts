/**
 * Semantic drift between a generated dashboard and the file on disk. Panels pair by
 * g6_meta.panel_uuid, then by title; layout (gridPos, panel order, ids) never counts. Pure.
 */
import { InputSyntaxError } from '../../core/errors';
import { canonicalJson } from '../../core/hash';
import { parseJsonInput } from '../../core/parse-json';
import type { Finding } from '../../core/findings';

export interface DriftDetail {
  slug: string;
  added_titles: string[];
  changed_titles: string[];
  removed_titles: string[];
  renamed: Array<{ from: string; to: string }>;
}

/** One panel-level change, for `--diff`: what a reviewer needs to see (title, expressions, unit, type). */
export interface PanelChange {
  change: 'added' | 'removed' | 'changed' | 'renamed';
  title: string;
  /** For changed and renamed panels: the fields that differ, current value → generated value. */
  fields: Array<{ field: string; current: unknown; generated: unknown }>;
}

export interface DashboardDrift {
  /** `unreadable:<slug>`, `hash:<slug>`, `meta:<slug>`, `changed:<slug>:<n>`, `renamed:…`, `added:…`, `removed:…`. */
  tokens: string[];
  /** One error finding per token, naming the file and the fix. */
  findings: Finding[];
  /** Panel-level drift, when there is any. */
  detail?: DriftDetail;
  changes: PanelChange[];
}

/** Dashboard members Grafana or layout edits change without changing what is shown. */
const DASHBOARD_IGNORED = new Set(['panels', 'id', 'version', 'iteration', 'g6_meta']);
const PANEL_IGNORED = new Set(['gridPos', 'id', 'collapsed', 'panels']);

type PanelObject = Record<string, unknown> & { title?: unknown; g6_meta?: { panel_uuid?: unknown } };

function flattenPanels(panels: unknown): PanelObject[] {
  if (!Array.isArray(panels)) return [];
  const out: PanelObject[] = [];
  for (const p of panels) {
    if (!p || typeof p !== 'object') continue;
    out.push(p as PanelObject);
    out.push(...flattenPanels((p as PanelObject).panels));
  }
  return out;
}

function titleOf(p: PanelObject): string {
  return typeof p.title === 'string' ? p.title : '';
}

function uuidOf(p: PanelObject): string | undefined {
  const u = p.g6_meta && typeof p.g6_meta === 'object' ? p.g6_meta.panel_uuid : undefined;
  return typeof u === 'string' ? u : undefined;
}

function contentKey(p: PanelObject): string {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!PANEL_IGNORED.has(k) && k !== 'title') rest[k] = v;
  return canonicalJson(rest);
}

interface PanelDiff {
  changed: string[];
  renamed: Array<{ from: string; to: string }>;
  added: string[];
  removed: string[];
  /** Paired panels whose title or content differ: [generated, current]. */
  differing: Array<[PanelObject, PanelObject]>;
}

/** Pair panels (uuid, then title) and classify the differences. */
export function diffPanels(expectedPanels: unknown, actualPanels: unknown): PanelDiff {
  const expected = flattenPanels(expectedPanels);
  const actual = flattenPanels(actualPanels);
  const used = new Array<boolean>(actual.length).fill(false);
  const pairs: Array<[PanelObject, PanelObject]> = [];
  const unmatched: PanelObject[] = [];
  const byUuid = new Map<string, number[]>();
  actual.forEach((p, i) => {
    const u = uuidOf(p);
    if (u !== undefined) byUuid.set(u, [...(byUuid.get(u) ?? []), i]);
  });
  for (const e of expected) {
    const u = uuidOf(e);
    const i = u === undefined ? undefined : byUuid.get(u)?.find((j) => !used[j]);
    if (i === undefined) unmatched.push(e);
    else {
      used[i] = true;
      pairs.push([e, actual[i]!]);
    }
  }
  const diff: PanelDiff = { changed: [], renamed: [], added: [], removed: [], differing: [] };
  for (const e of unmatched) {
    const i = actual.findIndex((a, j) => !used[j] && titleOf(a) === titleOf(e));
    if (i < 0) diff.added.push(titleOf(e));
    else {
      used[i] = true;
      pairs.push([e, actual[i]!]);
    }
  }
  actual.forEach((a, j) => {
    if (!used[j]) diff.removed.push(titleOf(a));
  });
  for (const [e, a] of pairs) {
    const renamed = titleOf(e) !== titleOf(a);
    const changed = contentKey(e) !== contentKey(a);
    if (renamed) diff.renamed.push({ from: titleOf(a), to: titleOf(e) });
    if (changed) diff.changed.push(titleOf(e));
    if (renamed || changed) diff.differing.push([e, a]);
  }
  return diff;
}

function dashboardMetaDiff(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const differing: string[] = [];
  for (const k of [...keys].sort()) {
    if (DASHBOARD_IGNORED.has(k)) continue;
    if (canonicalJson(expected[k] ?? null) !== canonicalJson(actual[k] ?? null)) differing.push(k);
  }
  const strip = (m: unknown): unknown => {
    if (!m || typeof m !== 'object') return m ?? null;
    const { spec_hash: _ignored, ...rest } = m as Record<string, unknown>;
    return rest;
  };
  if (canonicalJson(strip(expected.g6_meta)) !== canonicalJson(strip(actual.g6_meta))) differing.push('g6_meta');
  return differing;
}

/** The fields a reviewer reads on a panel: title, type, unit and each target's expression. */
function reviewFields(p: PanelObject): Record<string, unknown> {
  const defaults = (p.fieldConfig as { defaults?: { unit?: unknown } } | undefined)?.defaults;
  const targets = Array.isArray(p.targets) ? (p.targets as Array<{ expr?: unknown }>) : [];
  const fields: Record<string, unknown> = { title: p.title ?? null, type: p.type ?? null, unit: defaults?.unit ?? null };
  targets.forEach((t, i) => (fields[`expr[${i}]`] = t?.expr ?? null));
  return fields;
}

function fieldChanges(generated: PanelObject, current: PanelObject): PanelChange['fields'] {
  const g = reviewFields(generated);
  const c = reviewFields(current);
  const out: PanelChange['fields'] = [];
  for (const k of new Set([...Object.keys(g), ...Object.keys(c)])) {
    if (canonicalJson(g[k] ?? null) !== canonicalJson(c[k] ?? null)) out.push({ field: k, current: c[k] ?? null, generated: g[k] ?? null });
  }
  // the panel differs elsewhere (options, thresholds, links…)
  if (out.length === 0) out.push({ field: 'other options', current: '…', generated: '…' });
  return out;
}

function specHashOf(d: Record<string, unknown>): unknown {
  const m = d.g6_meta;
  return m && typeof m === 'object' ? (m as Record<string, unknown>).spec_hash : undefined;
}

/** The dashboard in `text`, or why it is none. Over the input limits: InputLimitError. */
function parseObject(text: string, path: string): Record<string, unknown> | string {
  let v: unknown;
  try {
    v = parseJsonInput(text, path);
  } catch (err) {
    if (!(err instanceof InputSyntaxError)) throw err;
    return `invalid JSON at ${err.where.line}:${err.where.column} (${err.where.reason})`;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  if (!Array.isArray((v as Record<string, unknown>).panels)) return 'no "panels" array';
  return v as Record<string, unknown>;
}

function sortStrings(xs: readonly string[]): string[] {
  return [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Compare one dashboard file (its text, or why it could not be read) with the generated
 * dashboard. Tokens come in a fixed order: unreadable, or hash, meta, changed, renamed, added,
 * removed. `path` names the file in findings.
 */
export function diffDashboard(slug: string, path: string, expected: Record<string, unknown>, actualText: string | { error: string }): DashboardDrift {
  const drift: DashboardDrift = { tokens: [], findings: [], changes: [] };
  const add = (token: string, message: string, context: Record<string, unknown> = {}): void => {
    drift.tokens.push(token);
    const kind = token.split(':')[0]!;
    drift.findings.push({ ruleId: `drift/dashboard-${kind}`, severity: 'error', message, location: { file: path }, context: { token, slug, ...context } });
  };
  const actual = typeof actualText === 'string' ? parseObject(actualText, path) : `unreadable (${actualText.error})`;
  if (typeof actual === 'string') {
    add(`unreadable:${slug}`, `dashboard "${slug}" cannot be read: ${actual}`);
    return drift;
  }
  const expectedHash = specHashOf(expected);
  const actualHash = specHashOf(actual);
  if (actualHash !== expectedHash) {
    add(`hash:${slug}`, `dashboard "${slug}" was generated from spec_hash ${String(actualHash ?? 'none')}; the spec now hashes to ${String(expectedHash)}`, { expected: expectedHash, actual: actualHash ?? null });
  }
  const meta = dashboardMetaDiff(expected, actual);
  if (meta.length > 0) add(`meta:${slug}`, `dashboard "${slug}" differs in dashboard-level fields: ${meta.join(', ')}`, { fields: meta });
  const diff = diffPanels(expected.panels, actual.panels);
  const counts: Array<[string, number, string]> = [
    ['changed', diff.changed.length, 'panel(s) differ in content'],
    ['renamed', diff.renamed.length, 'panel(s) were retitled'],
    ['added', diff.added.length, 'generated panel(s) are missing from the file'],
    ['removed', diff.removed.length, 'panel(s) in the file are no longer generated'],
  ];
  for (const [kind, n, what] of counts) if (n > 0) add(`${kind}:${slug}:${n}`, `dashboard "${slug}": ${n} ${what}`, { count: n });
  if (diff.changed.length + diff.renamed.length + diff.added.length + diff.removed.length > 0) {
    drift.detail = {
      slug,
      added_titles: sortStrings(diff.added),
      changed_titles: sortStrings([...new Set(diff.changed)]),
      removed_titles: sortStrings(diff.removed),
      renamed: [...diff.renamed].sort((a, b) => (a.from + '\0' + a.to < b.from + '\0' + b.to ? -1 : 1)),
    };
  }
  for (const [generated, current] of diff.differing) {
    drift.changes.push({ change: titleOf(generated) !== titleOf(current) ? 'renamed' : 'changed', title: titleOf(generated), fields: fieldChanges(generated, current) });
  }
  for (const title of diff.added) drift.changes.push({ change: 'added', title, fields: [] });
  for (const title of diff.removed) drift.changes.push({ change: 'removed', title, fields: [] });
  return drift;
}
