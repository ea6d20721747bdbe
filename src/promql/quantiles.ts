/** The `histogram_quantile` calls of an expression: quantile, histogram, windows and grouping of each. */
import { callArguments, callName, groupingOf, labelMatchers, numberValue, selectorName, unparen, walk, type Grouping } from './ast';
import { canonicalDuration, compareDurations } from './duration';
import { childNamed, nodeText, type ParsedPromql } from './parse';

/** One `histogram_quantile(q, <inner>)` call. */
export interface HistogramQuantileUse {
  /** The quantile when it is a number literal (0.95); undefined for variables or expressions. */
  quantile?: number;
  /** Base histogram name: `<m>` of the first `<m>_bucket` selector inside; undefined when none. */
  metric?: string;
  /** Every `*_bucket` series selected inside, in first-seen order. */
  bucketSeries: string[];
  /** Label matchers of the selectors inside, `label op "value"`, sorted and de-duplicated (`__name__` excluded). */
  matchers: string[];
  /** Canonical range windows inside (`5m`, `30m`), sorted; a Grafana range variable reads as `5m`. */
  windows: string[];
  /** Grouping of the inner expression's outermost aggregation; undefined when it is not an aggregation. */
  grouping?: Grouping;
  /** Source text of the call (after variable substitution) and its offsets in `parsed.source`. */
  text: string;
  from: number;
  to: number;
}

/**
 * Every `histogram_quantile` call of a parsed expression, in source order. Handles
 * `sum by (le) (…)`, `sum(…) by (le)`, `by (le, x)`, `without (…)`, bare `rate(x_bucket[w])` and
 * nested calls. Pure; never throws (unparsable parts yield fewer or partial entries).
 */
export function findHistogramQuantiles(parsed: ParsedPromql): HistogramQuantileUse[] {
  const out: HistogramQuantileUse[] = [];
  if (!parsed.source.includes('histogram_quantile')) return out; // no call without its name
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'FunctionCall') return;
      const node = ref.node;
      if (callName(parsed, node) !== 'histogram_quantile') return;
      const [qNode, inner] = callArguments(node);
      const use: HistogramQuantileUse = { bucketSeries: [], matchers: [], windows: [], text: nodeText(parsed, node), from: node.from, to: node.to };
      if (qNode) use.quantile = numberValue(parsed, qNode);
      if (inner) {
        const top = unparen(inner);
        if (top.name === 'AggregateExpr') use.grouping = groupingOf(parsed, top);
        const windows = new Set<string>();
        const matchers = new Set<string>();
        walk(top, (n) => {
          if (n.name === 'VectorSelector') {
            const name = selectorName(parsed, n);
            if (name && name.endsWith('_bucket') && !use.bucketSeries.includes(name)) use.bucketSeries.push(name);
            for (const m of labelMatchers(parsed, n)) if (m.label !== '__name__') matchers.add(`${m.label}${m.op}${JSON.stringify(m.value)}`);
          } else if (n.name === 'MatrixSelector' || n.name === 'SubqueryExpr') {
            const d = childNamed(n, 'DurationExpr');
            if (d) windows.add(canonicalDuration(nodeText(parsed, d)));
          }
        });
        use.windows = [...windows].sort(compareDurations);
        use.matchers = [...matchers].sort();
        const first = use.bucketSeries[0];
        if (first) use.metric = first.slice(0, -'_bucket'.length);
      }
      out.push(use);
    },
  });
  return out;
}
