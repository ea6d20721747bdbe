/**
 * The `options` of every panel type g6 generates: each carries every option Grafana's schema
 * (@grafana/schema, from Grafana's CUE) marks required, with Grafana's own defaults, so a
 * dashboard renders as Grafana would save it. Data, not code: one entry per panel type.
 */

/** JSON values as dashboards hold them; `undefined` members are left out when serialised. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

const legend = { calcs: [], displayMode: 'list', placement: 'bottom', showLegend: true };
const tooltip = { mode: 'multi', sort: 'none' };
/** Stat, gauge, bar gauge, pie chart: one value per series, the last one. */
const reduced = { orientation: 'auto', reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } };

const OPTIONS: Record<string, JsonObject> = {
  timeseries: { legend, tooltip },
  table: { cellHeight: 'sm', frameIndex: 0, showHeader: true },
  stat: { ...reduced, colorMode: 'value', graphMode: 'area', justifyMode: 'auto', percentChangeColorMode: 'standard', showPercentChange: false, textMode: 'auto', wideLayout: true },
  bargauge: {
    ...reduced,
    displayMode: 'gradient',
    legend,
    maxVizHeight: 300,
    minVizHeight: 16,
    minVizWidth: 8,
    namePlacement: 'auto',
    showUnfilled: true,
    sizing: 'auto',
    valueMode: 'color',
  },
  gauge: {
    ...reduced,
    barShape: 'flat',
    barWidthFactor: 0.5,
    effects: {},
    minVizHeight: 75,
    minVizWidth: 75,
    segmentCount: 1,
    segmentSpacing: 0.3,
    shape: 'gauge',
    showThresholdLabels: false,
    showThresholdMarkers: true,
    sizing: 'auto',
  },
  // the data are Prometheus bucket rates (targets in heatmap format): shown as they are, never re-bucketed
  heatmap: {
    calculate: false,
    cellGap: 1,
    color: { exponent: 0.5, fill: 'dark-orange', mode: 'scheme', reverse: false, scale: 'exponential', scheme: 'Oranges', steps: 64 },
    exemplars: { color: 'rgba(255,0,255,0.7)' },
    filterValues: { le: 1e-9 },
    legend: { show: true },
    rowsFrame: { layout: 'auto' },
    showValue: 'auto',
    tooltip: { mode: 'single', showColorScale: false, yHistogram: false },
    yAxis: { axisPlacement: 'left', reverse: false },
  },
  'state-timeline': { alignValue: 'left', legend, mergeValues: true, rowHeight: 0.9, showValue: 'auto', tooltip },
  'status-history': { colWidth: 0.9, legend, rowHeight: 0.9, showValue: 'auto', tooltip },
  barchart: {
    barRadius: 0,
    barWidth: 0.97,
    fullHighlight: false,
    groupWidth: 0.7,
    legend,
    orientation: 'auto',
    showValue: 'auto',
    stacking: 'none',
    tooltip,
    xTickLabelMaxLength: 0,
    xTickLabelRotation: 0,
    xTickLabelSpacing: 0,
  },
  piechart: { ...reduced, displayLabels: [], legend: { ...legend, values: [] }, pieType: 'pie', sort: 'desc', tooltip },
  histogram: { bucketCount: 30, bucketOffset: 0, combine: false, legend, tooltip },
};

/** The options of a panel of `type` (a fresh object); a text panel shows `content` as markdown. Undefined for unknown types. */
export function panelOptions(type: string, content?: string): JsonObject | undefined {
  if (type === 'text') return { content: content ?? '', mode: 'markdown' };
  const options = OPTIONS[type];
  return options ? (JSON.parse(JSON.stringify(options)) as JsonObject) : undefined;
}
