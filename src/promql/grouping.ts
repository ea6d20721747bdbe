/**
 * Aggregation grouping and function use read from the parse tree (never from the text):
 * `sum by (a, b) (...)`, `sum(...) by (a)`, `by(x)`, `without (x)` all look the same here.
 */
import { groupingOf } from './inspect';
import { nodeText, selectedMetricNames, type ParsedPromql } from './parse';

export interface AggregationGrouping {
  /** Aggregation operator, e.g. `sum`, `topk`. */
  op: string;
  /** `by` keeps exactly `labels`; `without` keeps every label but `labels`; `none` keeps no label. */
  mode: 'by' | 'without' | 'none';
  labels: string[];
  /** Metric names selected inside the aggregation. */
  metrics: string[];
}

/** Every aggregation of the expression, outermost first, with its grouping labels. */
export function aggregationGroupings(parsed: ParsedPromql): AggregationGrouping[] {
  const out: AggregationGrouping[] = [];
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'AggregateExpr') return;
      const node = ref.node;
      const op = node.getChild('AggregateOp');
      const grouping = node.getChild('AggregateModifier') ? groupingOf(parsed, node) : { mode: 'none' as const, labels: [] };
      out.push({ op: op ? nodeText(parsed, op) : '', ...grouping, metrics: selectedMetricNames(parsed, node) });
    },
  });
  return out;
}

/**
 * Whether some aggregation over `metric` keeps `label` in its result (`by` naming it, or
 * `without` not naming it).
 */
export function groupsByLabel(groupings: readonly AggregationGrouping[], metric: string, label: string): boolean {
  return groupings.some(
    (g) =>
      g.metrics.includes(metric) &&
      ((g.mode === 'by' && g.labels.includes(label)) || (g.mode === 'without' && !g.labels.includes(label))),
  );
}

/** Metric names selected inside a call of one of `functions` (e.g. the counters an expression rates). */
export function metricsInsideCalls(parsed: ParsedPromql, functions: readonly string[]): string[] {
  const names: string[] = [];
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'FunctionCall') return;
      const id = ref.node.getChild('FunctionIdentifier');
      if (!id || !functions.includes(nodeText(parsed, id))) return;
      for (const n of selectedMetricNames(parsed, ref.node)) if (!names.includes(n)) names.push(n);
    },
  });
  return names;
}
