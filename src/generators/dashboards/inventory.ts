/** Panel inventory for governance audits: one row per panel, CSV or JSON Lines, deterministic. */
import { canonicalJson } from '../../core/hash';
import { finalizeText } from '../../core/artifacts';
import type { GeneratedDashboard } from './generate-dashboards';

export type InventoryFormat = 'csv' | 'jsonl';

export interface InventoryRow {
  slug: string;
  id: number;
  panel_uuid: string;
  title: string;
  type: string;
  metric: string;
  source: string;
  expressions: string[];
}

interface PanelLike {
  id?: number;
  title?: string;
  type?: string;
  targets?: Array<{ expr?: string }>;
  panels?: PanelLike[];
  g6_meta?: { metric?: string; source?: string; panel_uuid?: string };
}

/** Rows in plan order, then panel display order. Pure. */
export function inventoryRows(dashboards: readonly GeneratedDashboard[]): InventoryRow[] {
  const rows: InventoryRow[] = [];
  for (const d of dashboards) {
    for (const p of (d.dashboard.panels ?? []) as PanelLike[]) {
      rows.push({
        slug: d.plan.slug,
        id: p.id ?? 0,
        panel_uuid: p.g6_meta?.panel_uuid ?? '',
        title: p.title ?? '',
        type: p.type ?? '',
        metric: p.g6_meta?.metric ?? '',
        source: p.g6_meta?.source ?? '',
        expressions: (p.targets ?? []).map((t) => t.expr ?? ''),
      });
    }
  }
  return rows;
}

/** The format a file name asks for (`.csv` or `.jsonl`), or undefined. */
export function inventoryFormatOf(file: string): InventoryFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.jsonl$/i.test(file)) return 'jsonl';
  return undefined;
}

const COLUMNS = ['slug', 'id', 'panel_uuid', 'title', 'type', 'metric', 'source', 'expressions'] as const;

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Render rows. CSV (RFC 4180, header row; several expressions joined by a newline inside one
 * quoted cell) or JSON Lines (one canonical object per line, keys sorted).
 */
export function renderInventory(rows: readonly InventoryRow[], format: InventoryFormat): string {
  if (format === 'jsonl') return finalizeText(rows.map((r) => canonicalJson(r)).join('\n'));
  const lines = [COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(COLUMNS.map((c) => csvCell(c === 'expressions' ? r.expressions.join('\n') : String(r[c]))).join(','));
  }
  return finalizeText(lines.join('\n'));
}
