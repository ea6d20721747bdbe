/** ast: operands, selectors, matchers, grouping, binary-operator parts and number literals read from the tree. */
import { binaryParts, groupingOf, labelMatchers, numberValue, parseNumber, selectorName, topExpression, unparen } from '../../src/promql/ast';
import { parsePromql } from '../../src/promql/parse';

const top = (expr: string) => {
  const parsed = parsePromql(expr);
  return { parsed, node: unparen(topExpression(parsed)!) };
};

describe('groupingOf', () => {
  test.each([
    ['sum(x)', { mode: 'by', labels: [] }],
    ['sum by () (x)', { mode: 'by', labels: [] }],
    ['sum by (b, a, b) (x)', { mode: 'by', labels: ['a', 'b'] }],
    ['sum(x) by (a)', { mode: 'by', labels: ['a'] }],
    ['sum without ("quoted", a) (x)', { mode: 'without', labels: ['a', 'quoted'] }],
  ])('%s groups as %j', (expr, grouping) => {
    const { parsed, node } = top(expr);
    expect(groupingOf(parsed, node)).toEqual(grouping);
  });
});

describe('binaryParts', () => {
  test.each([
    ['a + b', { op: '+', bool: false }],
    ['a > bool 1', { op: '>', bool: true }],
    ['a AND b', { op: 'and', bool: false }],
    ['a and on("job") b', { op: 'and', bool: false, matching: { mode: 'on', labels: ['job'], include: [] } }],
    ['a and on(c, b) b', { op: 'and', bool: false, matching: { mode: 'on', labels: ['b', 'c'], include: [] } }],
    ['a * ignoring(x) group_left("y", z) b', { op: '*', bool: false, matching: { mode: 'ignoring', labels: ['x'], group: 'left', include: ['y', 'z'] } }],
    ['a / on() group_right b', { op: '/', bool: false, matching: { mode: 'on', labels: [], group: 'right', include: [] } }],
  ])('%s has parts %j', (expr, parts) => {
    const { parsed, node } = top(expr);
    const { lhs, rhs, ...rest } = binaryParts(parsed, node);
    expect(rest).toEqual(parts);
    expect([lhs?.name, rhs?.name]).not.toContain(undefined);
  });
});

describe('selectors', () => {
  test.each([
    ['x', 'x', []],
    ['{__name__="x", a="1"}', 'x', [{ label: '__name__', op: '=', value: 'x' }, { label: 'a', op: '=', value: '1' }]],
    ['x{"quoted"=~\'a.*\', b!="2"}', 'x', [{ label: 'quoted', op: '=~', value: 'a.*' }, { label: 'b', op: '!=', value: '2' }]],
    ['{a="1"}', undefined, [{ label: 'a', op: '=', value: '1' }]],
  ])('%s selects %s with matchers %j', (expr, name, matchers) => {
    const { parsed, node } = top(expr);
    expect(selectorName(parsed, node)).toBe(name);
    expect(labelMatchers(parsed, node)).toEqual(matchers);
  });
});

describe('numbers', () => {
  test.each([
    ['1e3', 1000],
    ['0x1f', 31],
    ['.5', 0.5],
    ['-Inf', -Infinity],
    ['5m', undefined],
  ])('parseNumber(%s) is %s', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  test.each([
    ['0.95', 0.95],
    ['(0.95)', 0.95],
    ['-(2)', -2],
    ['+3', 3],
    ['$q', undefined],
    ['x', undefined],
  ])('numberValue(%s) is %s', (expr, value) => {
    const parsed = parsePromql(expr);
    expect(numberValue(parsed, topExpression(parsed)!)).toBe(value);
  });
});
