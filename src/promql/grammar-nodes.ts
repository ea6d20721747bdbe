/**
 * The node types of @prometheus-io/lezer-promql's grammar, by id, so the fast path builds its
 * trees without loading the grammar (its tables cost a cold command several milliseconds).
 * test/promql/fast-parse.test.ts fails when the installed grammar's types differ.
 */
import { NodeSet, NodeType } from '@lezer/common';

export const GRAMMAR_NODE_NAMES: readonly string[] = [
  '⚠', 'Bool', 'Ignoring', 'On', 'GroupLeft', 'GroupRight', 'Offset', 'Atan2', 'Avg', 'Bottomk', 'Count',
  'CountValues', 'Group', 'Max', 'Min', 'Quantile', 'LimitK', 'LimitRatio', 'Stddev', 'Stdvar', 'Sum', 'Topk', 'By',
  'Without', 'And', 'Or', 'Unless', 'StartFn', 'EndFn', 'AtStart', 'AtEnd', 'Smoothed', 'Anchored', 'Fill',
  'FillLeft', 'FillRight', 'LineComment', 'PromQL', 'AggregateExpr', 'AggregateOp', 'AggregateModifier',
  'GroupingLabels', 'LabelName', 'QuotedLabelName', 'StringLiteral', 'FunctionCallBody', 'BinaryExpr', 'Pow',
  'BoolModifier', 'MatchingModifierClause', 'FillModifier', 'FillClause', 'NumberDurationLiteral', 'FillLeftClause',
  'FillRightClause', 'Mul', 'Div', 'Mod', 'Add', 'Sub', 'Eql', 'Gte', 'Gtr', 'TrimUpper', 'TrimLower', 'Lte', 'Lss',
  'Neq', 'FunctionCall', 'FunctionIdentifier', 'AbsentOverTime', 'Identifier', 'Absent', 'Abs', 'Acos', 'Acosh',
  'Asin', 'Asinh', 'Atan', 'Atanh', 'AvgOverTime', 'Ceil', 'Changes', 'Clamp', 'ClampMax', 'ClampMin', 'Cos', 'Cosh',
  'CountOverTime', 'DaysInMonth', 'DayOfMonth', 'DayOfWeek', 'DayOfYear', 'Deg', 'Delta', 'Deriv', 'Exp',
  'FirstOverTime', 'Floor', 'HistogramCount', 'HistogramFraction', 'HistogramQuantile', 'HistogramQuantiles',
  'HistogramStdDev', 'HistogramStdVar', 'HistogramSum', 'HistogramAvg', 'DoubleExponentialSmoothing', 'Hour',
  'Idelta', 'Increase', 'Info', 'Irate', 'LabelReplace', 'LabelJoin', 'LastOverTime', 'Ln', 'Log10', 'Log2',
  'MadOverTime', 'MaxOverTime', 'MinOverTime', 'TsOfFirstOverTime', 'TsOfMaxOverTime', 'TsOfMinOverTime',
  'TsOfLastOverTime', 'Minute', 'Month', 'Pi', 'PredictLinear', 'PresentOverTime', 'QuantileOverTime', 'Rad', 'Rate',
  'Resets', 'Round', 'Scalar', 'Sgn', 'Sin', 'Sinh', 'Sort', 'SortDesc', 'SortByLabel', 'SortByLabelDesc',
  'StartTimestamp', 'Range', 'Step', 'Sqrt', 'StddevOverTime', 'StdvarOverTime', 'SumOverTime', 'Tan', 'Tanh',
  'Timestamp', 'Time', 'Vector', 'Year', 'MatrixSelector', 'DurationExpr', 'UnaryOp', 'DurationStep',
  'DurationRange', 'DurationMinOf', 'DurationMaxOf', 'NumberDurationLiteralInDurationContext', 'OffsetExpr',
  'OffsetDurationExpr', 'AnchoredExpr', 'SmoothedExpr', 'ParenExpr', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector',
  'LabelMatchers', 'UnquotedLabelMatcher', 'MatchOp', 'EqlSingle', 'EqlRegex', 'NeqRegex', 'QuotedLabelMatcher',
  'StepInvariantExpr', 'At', 'AtModifierPreprocessors', 'MetricName', '', '', '',
];

/** The grammar's two top rules. */
export const TOP_IDS = { PromQL: 37, MetricName: 183 } as const;
const SKIPPED = new Set([0, 36]); // the error node and LineComment

let nodeSet: NodeSet | undefined;
/** A NodeSet with the grammar's ids, names and flags (no highlighting props: g6 reads names only). */
export function grammarNodeSet(): NodeSet {
  nodeSet ??= new NodeSet(
    GRAMMAR_NODE_NAMES.map((name, id) =>
      NodeType.define({ id, name, top: id === TOP_IDS.PromQL || id === TOP_IDS.MetricName, error: id === 0, skipped: SKIPPED.has(id) }),
    ),
  );
  return nodeSet;
}
