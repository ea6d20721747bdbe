/** functions: the one table of how functions and aggregations pass labels on. */
import { aggregationLabels, functionLabels } from '../../src/promql/functions';

test.each([
  ['rate', 'keep'],
  ['sort_by_label', 'keep'],
  ['a_function_not_listed', 'keep'],
  ['constructor', 'keep'],
  ['time', 'scalar'],
  ['scalar', 'scalar'],
  ['vector', 'no-labels'],
  ['histogram_quantile', 'drop-le'],
  ['label_replace', 'value-dependent'],
  ['absent_over_time', 'value-dependent'],
])('function %s: %s', (name, behaviour) => {
  expect(functionLabels(name)).toBe(behaviour);
});

test.each([
  ['sum', 'group'],
  ['quantile', 'group'],
  ['topk', 'select'],
  ['limit_ratio', 'select'],
  ['count_values', 'count-values'],
  ['toString', 'group'],
])('aggregation %s: %s', (name, behaviour) => {
  expect(aggregationLabels(name)).toBe(behaviour);
});
