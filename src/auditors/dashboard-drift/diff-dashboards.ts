/**
 * Semantic drift between generated dashboards and the files in the output folder. Panels pair by
 * g6_meta.panel_uuid, then by title; layout (gridPos, panel order, ids) never counts. Pure.
 */
import { canonicalJson } from '../../core/hash';
import type { Finding } from '../../core/findings';

export interface ExpectedDashboard {
  slug: string;
  file: string;
  dashboard: Record<string, unknown>;
  /** The file as the generator renders it: a file holding exactly this text has no drift, unparsed. */
  content?: string;
}

/** What was found on disk: file name → text, or the read error's message. */
export interface FolderSnapshot {
  /** Display path of the folder in messages, e.g. `grafana/dashboards/generated`. */
  dir: string;
  files: ReadonlyMap<string, { text: string } | { error: string }>;
  /** `.json` file names present in the folder (for orphans). */
  jsonFiles: readonly string[];
}

export interface DriftInput {
  expected: readonly ExpectedDashboard[];
  folder: FolderSnapshot;
  /** Check the manifest and orphans too (off under --only). */
  whole?: {
    manifestFile: string;
    manifest: string;
    /** Every file the plan produces (orphans are the other .json files). */
    plannedFiles: readonly string[];
  };
}

export interface DriftDetail {
  slug: string;
  added_titles: string[];
  changed_titles: string[];
  removed_titles: string[];
  renamed: Array<{ from: string; to: string }>;
}

export interface DriftResult {
  /**
   * `missing:<slug>`, `unreadable:<slug>`, `hash:<slug>`, `meta:<slug>` (dashboard-level fields such
   * as title, tags, templating), `changed:<slug>:<n>`, `renamed:…`, `added:…`, `removed:…`,
   * `orphan:<file>`, `manifest`.
   */
  tokens: string[];
  /** One entry per dashboard with panel-level drift, sorted by slug. */
  details: DriftDetail[];
  findings: Finding[];
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
  const diff: PanelDiff = { changed: [], renamed: [], added: [], removed: [] };
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
    if (titleOf(e) !== titleOf(a)) diff.renamed.push({ from: titleOf(a), to: titleOf(e) });
    if (contentKey(e) !== contentKey(a)) diff.changed.push(titleOf(e));
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

function specHashOf(d: Record<string, unknown>): unknown {
  const m = d.g6_meta;
  return m && typeof m === 'object' ? (m as Record<string, unknown>).spec_hash : undefined;
}

function parseObject(text: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
    if (!Array.isArray((v as Record<string, unknown>).panels)) return 'no "panels" array';
    return v as Record<string, unknown>;
  } catch (err) {
    return `invalid JSON (${(err as Error).message})`;
  }
}

function sortStrings(xs: readonly string[]): string[] {
  return [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Compare manifests by canonical content (key order and whitespace do not count). */
export function manifestsDiffer(expected: string, actual: string): boolean {
  const canon = (text: string): string | undefined => {
    try {
      const v: unknown = JSON.parse(text);
      return v && typeof v === 'object' ? canonicalJson(v) : undefined;
    } catch {
      return undefined;
    }
  };
  const a = canon(actual);
  return a === undefined || a !== canon(expected);
}

/**
 * Audit the folder against the generated dashboards. Tokens come per dashboard in plan order
 * (missing/unreadable, hash, meta, changed, renamed, added, removed), then orphans sorted, then
 * `manifest`. Every token has a finding (error) naming the file and the fix.
 */
export function auditDashboardDrift(input: DriftInput): DriftResult {
  const tokens: string[] = [];
  const details: DriftDetail[] = [];
  const findings: Finding[] = [];
  const dir = input.folder.dir.replace(/\/+$/, '');
  const fix = 'run g6 gen-dashboards and commit the result';
  const add = (token: string, file: string, message: string, context: Record<string, unknown> = {}, fixText = fix): void => {
    tokens.push(token);
    const kind = token.split(':')[0]!;
    findings.push({ ruleId: `dashboards/drift-${kind}`, severity: 'error', message, fix: fixText, location: { file: `${dir}/${file}` }, context: { token, ...context } });
  };
  for (const exp of input.expected) {
    const found = input.folder.files.get(exp.file);
    if (!found) {
      add(`missing:${exp.slug}`, exp.file, `dashboard "${exp.slug}" is missing`, { slug: exp.slug });
      continue;
    }
    if (exp.content !== undefined && 'text' in found && found.text === exp.content) continue;
    const actual = 'error' in found ? `unreadable (${found.error})` : parseObject(found.text);
    if (typeof actual === 'string') {
      add(`unreadable:${exp.slug}`, exp.file, `dashboard "${exp.slug}" cannot be read: ${actual}`, { slug: exp.slug });
      continue;
    }
    const expectedHash = specHashOf(exp.dashboard);
    const actualHash = specHashOf(actual);
    if (actualHash !== expectedHash) {
      add(`hash:${exp.slug}`, exp.file, `dashboard "${exp.slug}" was generated from spec_hash ${String(actualHash ?? 'none')}; the spec now hashes to ${String(expectedHash)}`, { slug: exp.slug, expected: expectedHash, actual: actualHash ?? null });
    }
    const meta = dashboardMetaDiff(exp.dashboard, actual);
    if (meta.length > 0) {
      add(`meta:${exp.slug}`, exp.file, `dashboard "${exp.slug}" differs in dashboard-level fields: ${meta.join(', ')}`, { slug: exp.slug, fields: meta });
    }
    const diff = diffPanels(exp.dashboard.panels, actual.panels);
    const counts: Array<[string, number, string]> = [
      ['changed', diff.changed.length, 'panel(s) differ in content'],
      ['renamed', diff.renamed.length, 'panel(s) were retitled'],
      ['added', diff.added.length, 'generated panel(s) are missing from the file'],
      ['removed', diff.removed.length, 'panel(s) in the file are no longer generated'],
    ];
    for (const [kind, n, what] of counts) {
      if (n > 0) add(`${kind}:${exp.slug}:${n}`, exp.file, `dashboard "${exp.slug}": ${n} ${what}`, { slug: exp.slug, count: n });
    }
    if (diff.changed.length + diff.renamed.length + diff.added.length + diff.removed.length > 0) {
      details.push({
        slug: exp.slug,
        added_titles: sortStrings(diff.added),
        changed_titles: sortStrings([...new Set(diff.changed)]),
        removed_titles: sortStrings(diff.removed),
        renamed: [...diff.renamed].sort((a, b) => (a.from + '\0' + a.to < b.from + '\0' + b.to ? -1 : 1)),
      });
    }
  }
  if (input.whole) {
    const planned = new Set([...input.whole.plannedFiles, input.whole.manifestFile]);
    for (const f of sortStrings(input.folder.jsonFiles)) {
      if (!planned.has(f)) add(`orphan:${f}`, f, `${f} is in the dashboards folder but no plan produces it`, { file: f }, 'delete the file, or add a plan entry that generates it');
    }
    const m = input.folder.files.get(input.whole.manifestFile);
    const text = m && 'text' in m ? m.text : undefined;
    if (text === undefined || (text !== input.whole.manifest && manifestsDiffer(input.whole.manifest, text))) {
      add('manifest', input.whole.manifestFile, text === undefined ? `${input.whole.manifestFile} is missing or unreadable` : `${input.whole.manifestFile} differs from the generated manifest`);
    }
  }
  details.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { tokens, details, findings };
}
