/** Reading dashboard files for the audits: explicit files, whole directories, or the manifest's list. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../core/errors';
import { parseJsonInput } from '../core/parse-json';
import { readInputFile } from '../core/read-input';
import { MANIFEST_FILE } from '../model/conventions';
import { scanDashboardText } from './dashboard-targets';
import type { NamedScan } from './quantiles/audit-quantiles';

export interface InputPath {
  /** Absolute path. */
  abs: string;
  /** As shown to the user. */
  display: string;
}

const slugOf = (file: string): string => basename(file).replace(/\.json$/i, '');

function readScan(abs: string, display: string, what = 'dashboard'): NamedScan {
  return { ...scanDashboardText(readInputFile(abs, what, display), display), slug: slugOf(display) };
}

/**
 * Scan every dashboard named: a directory contributes its `*.json` files (sorted, not recursive,
 * `manifest.json` excluded); a file contributes itself. A missing path is an InputError (exit 3).
 */
export function readDashboardPaths(paths: readonly InputPath[]): NamedScan[] {
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
export function readManifestDashboards(dir: InputPath): NamedScan[] {
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
    const scan = readScan(join(dir.abs, file), `${dir.display.replace(/[\\/]+$/, '')}/${file}`, `dashboard listed in ${manifestDisplay}`);
    scans.push({ ...scan, slug: e.slug });
  });
  return scans;
}
