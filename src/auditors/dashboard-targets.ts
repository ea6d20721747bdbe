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
  title: string;
  uid?: string;
  /** Panels other than rows, nested ones included. */
  panels: number;
  targets: DashboardTarget[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parse dashboard JSON text; invalid JSON or a non-object is an InputError (exit 3) naming the file. */
export function scanDashboardText(text: string, file: string): DashboardScan {
  const doc = parseJsonInput(text, file, 'fix or regenerate the file');
  if (!isObj(doc)) throw new InputError(`${file}: a dashboard must be a JSON object`);
  return scanDashboard(doc, file);
}

/**
 * Every target with a non-empty string `expr`, in panel order: top-level panels, panels nested
 * in (collapsed) rows, and legacy `rows[].panels`. Pure.
 */
export function scanDashboard(doc: Obj, file: string): DashboardScan {
  const wrapped = isObj(doc.dashboard) && !Array.isArray(doc.panels);
  const dash = wrapped ? (doc.dashboard as Obj) : doc;
  const base = wrapped ? '/dashboard' : '';
  const scan: DashboardScan = {
    file,
    title: typeof dash.title === 'string' ? dash.title : '',
    ...(typeof dash.uid === 'string' ? { uid: dash.uid } : {}),
    panels: 0,
    targets: [],
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
  return scan;
}
