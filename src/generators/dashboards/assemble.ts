/** Grafana dashboard JSON (classic model, current schemaVersion) from laid-out panel drafts. */
import { dashboardUid, GENERATOR_VERSION, GRAFANA_SCHEMA_VERSION } from '../../model/conventions';
import { parsePromql, selectedMetricNames } from '../../promql/parse';
import { panelSignature, PanelIdentities } from './identity';
import type { PlacedPanel } from './layout';
import { panelOptions, type JsonObject } from './panel-options';
import type { DashboardPlan } from './plan';

/** The dashboard variable every panel queries through; Grafana fills it with a Prometheus data source. */
export const DATASOURCE_VARIABLE = 'datasource';
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;

export type { Json, JsonObject } from './panel-options';

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Does the expression read classic histogram buckets (`*_bucket`)? Then a heatmap shows them per `le`. */
const selectsBuckets = (expr: string): boolean => selectedMetricNames(parsePromql(expr)).some((n) => n.endsWith('_bucket'));

function renderPanel(p: PlacedPanel, ids: PanelIdentities): JsonObject {
  const d = p.draft;
  const signature = panelSignature({ type: d.type, title: d.title, exprs: d.exprs, unit: d.unit, datasourceType: d.exprs.length ? PROMETHEUS_DATASOURCE.type : undefined });
  const meta: JsonObject = {
    family: d.family,
    group: d.group === 'efficiency' ? 'efficiency' : undefined,
    hint: d.hint,
    kind: d.kind,
    metric: d.metric,
    panel_uuid: ids.uuid(d.identity),
    source: d.source,
    split_label: d.splitLabel,
    ...(d.meta as JsonObject | undefined),
  };
  if (d.type === 'row') {
    return { collapsed: false, gridPos: { ...p.gridPos }, id: ids.id(signature), panels: [], title: d.title, type: 'row', g6_meta: meta };
  }
  const panel: JsonObject = {
    description: d.description,
    gridPos: { ...p.gridPos },
    id: ids.id(signature),
    options: panelOptions(d.type, d.content),
    title: d.title,
    type: d.type,
    g6_meta: meta,
  };
  if (d.exprs.length > 0) {
    panel.datasource = { ...PROMETHEUS_DATASOURCE };
    panel.fieldConfig = { defaults: { unit: d.unit ?? 'short' }, overrides: [] };
    panel.targets = d.exprs.map((expr, i) => ({
      datasource: { ...PROMETHEUS_DATASOURCE },
      editorMode: 'code',
      expr,
      format: d.instant && d.type === 'table' ? 'table' : d.type === 'heatmap' && selectsBuckets(expr) ? 'heatmap' : undefined,
      instant: d.instant ? true : undefined,
      legendFormat: d.legends?.[i] ?? (d.type === 'heatmap' && selectsBuckets(expr) ? '{{le}}' : '__auto'),
      range: d.instant ? false : true,
      refId: REF_IDS[i] ?? `Q${i}`,
    }));
  }
  return panel;
}

export interface AssembleInput {
  plan: DashboardPlan;
  specHash: string;
  placed: readonly PlacedPanel[];
  alertsCount: number;
}

/** The dashboard object. Deterministic: ids and uuids follow the display order. Pure. */
export function assembleDashboard(input: AssembleInput): JsonObject {
  const { plan } = input;
  const ids = new PanelIdentities(plan.slug);
  const panels = input.placed.map((p) => renderPanel(p, ids));
  return {
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    description: plan.description || undefined,
    editable: false,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    links: [],
    panels,
    refresh: '30s',
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    tags: [...new Set(['g6', 'generated', ...plan.tags])],
    templating: {
      list: [
        {
          hide: 0,
          includeAll: false,
          label: 'Data source',
          multi: false,
          name: DATASOURCE_VARIABLE,
          options: [],
          query: 'prometheus',
          refresh: 1,
          regex: '',
          skipUrlSync: false,
          type: 'datasource',
        },
      ],
    },
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    title: plan.title,
    uid: dashboardUid(plan.slug),
    version: 1,
    g6_meta: {
      alerts_count: input.alertsCount,
      description: plan.description,
      families: [...plan.families],
      generator_version: GENERATOR_VERSION,
      spec_hash: input.specHash,
    },
  };
}
