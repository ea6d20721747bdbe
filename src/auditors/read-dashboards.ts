/**
 * Reading dashboards for the audits, in the shapes users have them: Grafana JSON (UI or API
 * export), Kubernetes ConfigMaps and ConfigMapLists holding dashboard JSON, grafana-operator
 * GrafanaDashboard resources, in files, folders or globs; or exactly the dashboards a manifest lists.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../core/errors';
import { expandInputPaths, type InputPath, type ParseMemo, type PathResolver } from '../core/input-paths';
import { parseJsonInput } from '../core/parse-json';
import { readInputFile } from '../core/read-input';
import { MANIFEST_FILE } from '../model/conventions';
import { keyPosition, pointerSegment, type ParsedYaml } from '../spec/parse-yaml';
import { parseYamlDocuments } from '../spec/yaml-documents';
import { parseDashboardJson, scanDashboard, scanDashboardText, type DashboardScan } from './dashboard-targets';
import type { NamedScan } from './quantiles/audit-quantiles';

export type { InputPath } from '../core/input-paths';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const slugOf = (file: string): string => basename(file).replace(/\.(json|ya?ml)$/i, '');
const named = (scan: DashboardScan, fallback: string): NamedScan => ({ ...scan, slug: scan.metaSlug ?? fallback });

/** The memo kind of a file's dashboard scans. */
export const DASHBOARD_SCANS = 'dashboard';

/** `make` of the file's text, through `memo` when there is one: the scans of one file's content are made once per process. */
const once = <T>(memo: ParseMemo | undefined, abs: string, what: string, label: string, make: (text: string) => T): T =>
  memo ? memo.read(DASHBOARD_SCANS, abs, what, label, make) : make(readInputFile(abs, what, label));

/**
 * Every dashboard in one file. JSON: one dashboard (an API export `{dashboard, meta}` included), or
 * a Kubernetes resource in JSON. YAML: every document of the stream that is a ConfigMap (each
 * `data` entry ending in `.json`), a List or ConfigMapList of them, or a GrafanaDashboard
 * (`spec.json`); other documents are skipped. A dashboard embedded in a ConfigMap takes the entry's
 * name as its slug and is located by the entry's line. A file named by the user that holds no
 * dashboard, invalid JSON or YAML, is an InputError (exit 3). With `memo`, a file's text is scanned once per process.
 */
export function readDashboardFile(p: InputPath, memo?: ParseMemo): NamedScan[] {
  const scans = once(memo, p.abs, 'dashboard', p.display, (text) => scanFile(text, p));
  if (scans.length === 0 && p.named) {
    throw new InputError(`${p.display}: holds no dashboard; give Grafana dashboard JSON, or ConfigMaps whose data entries (*.json) hold it`);
  }
  return scans;
}

function scanFile(text: string, p: InputPath): NamedScan[] {
  if (/\.json$/i.test(p.abs) || text.trimStart().startsWith('{')) {
    return jsonFileScans(parseDashboardJson(text, p.display), p);
  }
  return parseYamlDocuments(text, p.display).flatMap((parsed) => embedded(parsed.doc, '', p.display, parsed));
}

/** The dashboards of a JSON file holding `doc`: the dashboard itself, or those of the Kubernetes resource it is. */
export function jsonFileScans(doc: Obj, p: Pick<InputPath, 'display'>): NamedScan[] {
  return isKubernetes(doc) ? embedded(doc, '', p.display) : [named(scanDashboard(doc, p.display), slugOf(p.display))];
}

const isKubernetes = (doc: Obj): boolean => typeof doc.apiVersion === 'string' && typeof doc.kind === 'string';

/** The dashboards of one Kubernetes object at `pointer` (a ConfigMap, GrafanaDashboard or a List of them). */
function embedded(doc: unknown, pointer: string, file: string, parsed?: ParsedYaml): NamedScan[] {
  if (!isObj(doc)) return [];
  const at = (p: string): { pointer: string; line?: number } => ({ pointer: p, ...(parsed ? { line: keyPosition(parsed, p)?.line } : {}) });
  if (Array.isArray(doc.items) && typeof doc.kind === 'string' && doc.kind.endsWith('List')) return doc.items.flatMap((item, i) => embedded(item, `${pointer}/items/${i}`, file, parsed));
  const name = isObj(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : '';
  if (doc.kind === 'ConfigMap' && isObj(doc.data)) {
    return Object.entries(doc.data)
      .filter(([key, value]) => key.toLowerCase().endsWith('.json') && typeof value === 'string')
      .map(([key, value]) => named(scanDashboardText(value as string, file, at(`${pointer}/data/${pointerSegment(key)}`)), slugOf(key)));
  }
  if (doc.kind === 'GrafanaDashboard' && isObj(doc.spec) && typeof doc.spec.json === 'string') {
    return [named(scanDashboardText(doc.spec.json, file, at(`${pointer}/spec/json`)), name)];
  }
  if (!isKubernetes(doc) && (Array.isArray(doc.panels) || Array.isArray(doc.rows) || isObj(doc.dashboard))) return [named(scanDashboard(doc, file, at(pointer)), slugOf(file))];
  return [];
}

const DASHBOARD_FILES = { extensions: ['json', 'yaml', 'yml'], what: 'dashboard', option: '--dashboards', exclude: [basename(MANIFEST_FILE)] } as const;

/**
 * Scan every dashboard named: files, folders (recursively; hidden folders and g6's manifest skipped) and globs,
 * as {@link expandInputPaths} expands them; each file as {@link readDashboardFile} reads it. A
 * missing path is an InputError (exit 3).
 */
export function readDashboardPaths(paths: readonly string[], at: PathResolver, memo?: ParseMemo): NamedScan[] {
  return expandInputPaths(paths, at, DASHBOARD_FILES).flatMap((p) => readDashboardFile(p, memo));
}

/**
 * The dashboards a coverage check counts: with one folder holding g6's manifest (`.g6/manifest.json`,
 * what gen-dashboards writes), exactly those it lists; otherwise every dashboard the paths hold.
 */
export function readScopedDashboards(paths: readonly string[], at: PathResolver, memo?: ParseMemo): { scans: NamedScan[]; manifest?: string } {
  if (paths.length === 1) {
    const abs = at.resolve(paths[0]!);
    if (isDirectory(abs) && existsSync(join(abs, MANIFEST_FILE))) {
      const dir = { abs, display: at.display(paths[0]!) };
      return { scans: readManifestDashboards(dir, memo), manifest: `${dir.display.replace(/[\\/]+$/, '')}/${MANIFEST_FILE}` };
    }
  }
  return { scans: readDashboardPaths(paths, at, memo) };
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Scan exactly the dashboards `<dir>/.g6/manifest.json` lists (`dashboards[].file`, else
 * `<slug>.json`), each file read as {@link readDashboardFile} reads it and named by its entry's
 * slug when it holds one dashboard; other files in the folder do not count. A missing or invalid manifest, or a
 * listed file that is missing, is an InputError (exit 3).
 */
export function readManifestDashboards(dir: InputPath, memo?: ParseMemo): NamedScan[] {
  const manifestDisplay = `${dir.display.replace(/[\\/]+$/, '')}/${MANIFEST_FILE}`;
  const text = readInputFile(join(dir.abs, MANIFEST_FILE), 'dashboard manifest', manifestDisplay);
  const doc = parseJsonInput(text, manifestDisplay, 'regenerate it with g6 gen-dashboards');
  const list = doc && typeof doc === 'object' && Array.isArray((doc as { dashboards?: unknown }).dashboards) ? (doc as { dashboards: unknown[] }).dashboards : undefined;
  if (!list) throw new InputError(`${manifestDisplay}: expected {"dashboards": [{"slug": …}]}; regenerate it with g6 gen-dashboards`);
  const scans: NamedScan[] = [];
  list.forEach((entry, i) => {
    const e = entry as { slug?: unknown; file?: unknown };
    if (!e || typeof e.slug !== 'string' || e.slug === '') throw new InputError(`${manifestDisplay} /dashboards/${i}: entry without a string slug`);
    const file = typeof e.file === 'string' && e.file !== '' ? basename(e.file) : `${e.slug}.json`;
    const display = `${dir.display.replace(/[\\/]+$/, '')}/${file}`;
    const abs = join(dir.abs, file);
    // scanned as readDashboardFile scans it, so steps reading the folder either way share one parse
    const listed = once(memo, abs, `dashboard listed in ${manifestDisplay}`, display, (text) => scanFile(text, { abs, display, named: true }));
    scans.push(...(listed.length === 1 ? [{ ...listed[0]!, slug: e.slug }] : listed));
  });
  return scans;
}
