/** Reading dashboard files for the audits: explicit files, whole directories, or the manifest's list. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../core/errors';
import { readInputFile } from '../core/read-input';
import { MANIFEST_FILE } from '../model/conventions';
import { scanDashboardText, type DashboardScan } from './dashboard-targets';
import type { NamedScan } from './quantiles/audit-quantiles';

export interface InputPath {
  /** Absolute path. */
  abs: string;
  /** As shown to the user. */
  display: string;
}

const slugOf = (file: string): string => basename(file).replace(/\.json$/i, '');

/** Reads and scans one dashboard file (`abs`, shown as `display`); unreadable or invalid → InputError. */
export type DashboardReader = (abs: string, display: string) => DashboardScan;

export const readDashboardFile: DashboardReader = (abs, display) => scanDashboardText(readInputFile(abs, 'dashboard', display), display);

/**
 * Scan every dashboard named: a directory contributes its `*.json` files (sorted, not recursive,
 * `manifest.json` excluded); a file contributes itself. A missing path is an InputError (exit 3).
 */
export function readDashboardPaths(paths: readonly InputPath[], read: DashboardReader = readDashboardFile): NamedScan[] {
  const readScan = (abs: string, display: string): NamedScan => ({ ...read(abs, display), slug: slugOf(display) });
  const scans: NamedScan[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p.abs).isDirectory();
    } catch {
      throw new InputError(`${p.display}: dashboard file or directory not found; check --dashboards`);
    }
    if (!isDir) {
      scans.push(readScan(p.abs, p.display));
      continue;
    }
    const files = readdirSync(p.abs)
      .filter((f) => f.toLowerCase().endsWith('.json') && f !== MANIFEST_FILE)
      .sort();
    for (const f of files) scans.push(readScan(join(p.abs, f), `${p.display.replace(/[\\/]+$/, '')}/${f}`));
  }
  return scans;
}

/**
 * Scan exactly the dashboards `<dir>/manifest.json` lists (`dashboards[].file`, else
 * `<slug>.json`); other files in the folder do not count. A missing or invalid manifest, or a
 * listed file that is missing, is an InputError (exit 3).
 */
export function readManifestDashboards(dir: InputPath, read: DashboardReader = readDashboardFile): NamedScan[] {
  const manifestDisplay = `${dir.display.replace(/[\\/]+$/, '')}/${MANIFEST_FILE}`;
  const text = readInputFile(join(dir.abs, MANIFEST_FILE), 'dashboard manifest', manifestDisplay);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${manifestDisplay}: invalid JSON (${(err as Error).message}); regenerate it with g6 gen-dashboards`);
  }
  const list = doc && typeof doc === 'object' && Array.isArray((doc as { dashboards?: unknown }).dashboards) ? (doc as { dashboards: unknown[] }).dashboards : undefined;
  if (!list) throw new InputError(`${manifestDisplay}: expected {"dashboards": [{"slug": …}]}; regenerate it with g6 gen-dashboards`);
  const scans: NamedScan[] = [];
  list.forEach((entry, i) => {
    const e = entry as { slug?: unknown; file?: unknown };
    if (!e || typeof e.slug !== 'string' || e.slug === '') throw new InputError(`${manifestDisplay} /dashboards/${i}: entry without a string slug`);
    const file = typeof e.file === 'string' && e.file !== '' ? basename(e.file) : `${e.slug}.json`;
    scans.push({ ...read(join(dir.abs, file), `${dir.display.replace(/[\\/]+$/, '')}/${file}`), slug: e.slug });
  });
  return scans;
}
