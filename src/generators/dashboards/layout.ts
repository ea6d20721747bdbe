/**
 * Deterministic layout: full-width panels (tables, text) first, then core panels in a 2-column
 * grid, then the efficiency header row directly above the efficiency block (2 columns).
 */
import type { PanelDraft } from './synthesize';

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export interface PlacedPanel {
  draft: PanelDraft;
  gridPos: GridPos;
}

const GRID_WIDTH = 24;
const HALF = 12;
const PANEL_HEIGHT = 8;
const TEXT_HEIGHT = 6;
const ROW_HEIGHT = 1;

function isWide(d: PanelDraft): boolean {
  return d.group === 'core' && (d.type === 'table' || d.type === 'text');
}

/** Place panels; returns them in final display order (top to bottom, left to right). Pure. */
export function layoutPanels(panels: readonly PanelDraft[], efficiencyHeader: PanelDraft | undefined): PlacedPanel[] {
  const placed: PlacedPanel[] = [];
  let y = 0;
  for (const d of panels.filter(isWide)) {
    const h = d.type === 'text' ? TEXT_HEIGHT : PANEL_HEIGHT;
    placed.push({ draft: d, gridPos: { h, w: GRID_WIDTH, x: 0, y } });
    y += h;
  }
  const grid = (block: readonly PanelDraft[]): void => {
    block.forEach((d, i) => placed.push({ draft: d, gridPos: { h: PANEL_HEIGHT, w: HALF, x: (i % 2) * HALF, y: y + Math.floor(i / 2) * PANEL_HEIGHT } }));
    y += Math.ceil(block.length / 2) * PANEL_HEIGHT;
  };
  grid(panels.filter((d) => d.group === 'core' && !isWide(d)));
  const efficiency = panels.filter((d) => d.group === 'efficiency');
  if (efficiency.length > 0 && efficiencyHeader) {
    placed.push({ draft: efficiencyHeader, gridPos: { h: ROW_HEIGHT, w: GRID_WIDTH, x: 0, y } });
    y += ROW_HEIGHT;
  }
  grid(efficiency);
  return placed;
}
