/**
 * Aggregation grouping and function use read from the parse tree (never from the text):
 * `sum by (a, b) (...)`, `sum(...) by (a)`, `by(x)`, `without (x)` all look the same here.
 */
import { callName, groupingOf, type Grouping } from './ast';
import { aggregationLabels } from './functions';
import { selectedMetricNames, type ParsedPromql } from './parse';

export interface AggregationGrouping extends Grouping {
  /** Lower-case aggregation operator, e.g. `sum`, `topk`. */
  op: string;
  /** Whether the aggregation selects series and keeps every label (topk …) instead of grouping them. */
  selects: boolean;
  /** Metric names selected inside the aggregation. */
  metrics: readonly string[];
}

/** Every aggregation of the expression, outermost first, with its grouping (no modifier is `by ()`). */
export function aggregationGroupings(parsed: ParsedPromql): AggregationGrouping[] {
  const out: AggregationGrouping[] = [];
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'AggregateExpr') return;
      const node = ref.node;
      const op = callName(parsed, node);
      out.push({ op, selects: aggregationLabels(op) === 'select', ...groupingOf(parsed, node), metrics: selectedMetricNames(parsed, node) });
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
  if (!functions.some((f) => parsed.source.includes(f))) return names; // no call without its name
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'FunctionCall' || !functions.includes(callName(parsed, ref.node))) return;
      for (const n of selectedMetricNames(parsed, ref.node)) if (!names.includes(n)) names.push(n);
    },
  });
  return names;
}
