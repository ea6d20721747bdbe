/**
 * Reads Grafana dashboard JSON of any provenance (g6-generated, UI exports, API exports with a
 * `dashboard` wrapper, legacy `rows`) into a flat list of query targets with JSON pointers.
 */
import { InputError } from '../core/errors';
import { parseJsonInput } from '../core/parse-json';
import { pointerSegment } from '../spec/parse-yaml';

export interface DashboardTarget {
  /** Title of the panel holding the target. */
  panelTitle: string;
  /** JSON pointer of the target's `expr`. */
  pointer: string;
  /** Pointer of the panel, shared by its targets. */
  panelPointer: string;
  refId?: string;
  expr: string;
}

export interface DashboardScan {
  /** File as shown to the user. */
  file: string;
  /** Line in `file` where the dashboard starts, when it is embedded (a ConfigMap entry). */
  line?: number;
  title: string;
  uid?: string;
  /** `meta.slug` of a Grafana API export. */
  metaSlug?: string;
  /** Panels other than rows, nested ones included. */
  panels: number;
  targets: DashboardTarget[];
  /**
   * Queries of `query` template variables, the PromQL inside `label_values(q, label)` and
   * `query_result(q)` (none for `label_values(label)`); `panelTitle` is `$<name>`.
   */
  variables: DashboardTarget[];
}

/** Where an embedded dashboard sits in its file: the pointer prefix of its JSON and its line. */
export interface EmbeddedAt {
  pointer: string;
  line?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parse dashboard JSON text; invalid JSON or a non-object is an InputError (exit 3) naming the file (and the embedding entry). */
export function parseDashboardJson(text: string, file: string, at?: EmbeddedAt): Obj {
  const where = at ? `${file}${at.line ? `:${at.line}` : ''} ${at.pointer}` : file;
  const doc = parseJsonInput(text, where, 'fix or regenerate the file');
  if (!isObj(doc)) throw new InputError(`${where}: a dashboard must be a JSON object`);
  return doc;
}

/** {@link scanDashboard} of the JSON text; invalid JSON is an InputError as {@link parseDashboardJson} says. */
export const scanDashboardText = (text: string, file: string, at?: EmbeddedAt): DashboardScan => scanDashboard(parseDashboardJson(text, file, at), file, at);

const LABEL_VALUES = /^\s*label_values\s*\(([\s\S]+),[^,)]+\)\s*$/;
const LABEL_VALUES_ONLY = /^\s*label_values\s*\([^,]*\)\s*$/;
const QUERY_RESULT = /^\s*query_result\s*\(([\s\S]+)\)\s*$/;

/** The PromQL of a template variable's query (Grafana's `label_values`/`query_result` unwrapped); undefined when it has none. */
export function variablePromql(query: string): string | undefined {
  if (LABEL_VALUES_ONLY.test(query)) return undefined;
  const m = LABEL_VALUES.exec(query) ?? QUERY_RESULT.exec(query);
  const q = (m ? m[1]! : query).trim();
  return q === '' ? undefined : q;
}

/**
 * Every target with a non-empty string `expr`, in panel order: top-level panels, panels nested
 * in (collapsed) rows, and legacy `rows[].panels`; then the template variables' queries. Pointers
 * start with `at.pointer` for an embedded dashboard. Pure.
 */
export function scanDashboard(doc: Obj, file: string, at?: EmbeddedAt): DashboardScan {
  const wrapped = isObj(doc.dashboard) && !Array.isArray(doc.panels);
  const dash = wrapped ? (doc.dashboard as Obj) : doc;
  const base = `${at?.pointer ?? ''}${wrapped ? '/dashboard' : ''}`;
  const metaSlug = wrapped && isObj(doc.meta) && typeof doc.meta.slug === 'string' && doc.meta.slug !== '' ? doc.meta.slug : undefined;
  const scan: DashboardScan = {
    file,
    ...(at?.line ? { line: at.line } : {}),
    title: typeof dash.title === 'string' ? dash.title : '',
    ...(typeof dash.uid === 'string' ? { uid: dash.uid } : {}),
    ...(metaSlug ? { metaSlug } : {}),
    panels: 0,
    targets: [],
    variables: [],
  };
  const visitPanels = (panels: unknown, pointer: string): void => {
    if (!Array.isArray(panels)) return;
    panels.forEach((p, i) => {
      if (!isObj(p)) return;
      const pp = `${pointer}/${i}`;
      if (p.type !== 'row') scan.panels++;
      const title = typeof p.title === 'string' ? p.title : '';
      if (Array.isArray(p.targets)) {
        p.targets.forEach((t, ti) => {
          if (!isObj(t) || typeof t.expr !== 'string' || t.expr.trim() === '') return;
          scan.targets.push({
            panelTitle: title,
            pointer: `${pp}/targets/${ti}/${pointerSegment('expr')}`,
            panelPointer: pp,
            ...(typeof t.refId === 'string' ? { refId: t.refId } : {}),
            expr: t.expr.trim(),
          });
        });
      }
      visitPanels(p.panels, `${pp}/panels`);
    });
  };
  visitPanels(dash.panels, `${base}/panels`);
  if (Array.isArray(dash.rows)) dash.rows.forEach((r, i) => isObj(r) && visitPanels(r.panels, `${base}/rows/${i}/panels`));
  const list = isObj(dash.templating) && Array.isArray(dash.templating.list) ? dash.templating.list : [];
  list.forEach((v, i) => {
    if (!isObj(v) || v.type !== 'query') return;
    const raw = isObj(v.query) ? v.query.query : v.query;
    const expr = typeof raw === 'string' ? variablePromql(raw) : undefined;
    if (!expr) return;
    const pointer = `${base}/templating/list/${i}/query${isObj(v.query) ? '/query' : ''}`;
    scan.variables.push({ panelTitle: `$${typeof v.name === 'string' ? v.name : String(i)}`, pointer, panelPointer: `${base}/templating/list/${i}`, expr });
  });
  return scan;
}
