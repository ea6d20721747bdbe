/** Findings: counts per severity and the one print order (file, line, column, pointer, ruleId, message). */
import { countBySeverity, sortFindings, type Finding } from '../../src/core/findings';

const f = (ruleId: string, location?: Finding['location'], message = 'm', severity: Finding['severity'] = 'error'): Finding => ({ ruleId, severity, message, location });

describe('countBySeverity', () => {
  it.each([
    ['no findings count zero of each', [], { error: 0, warning: 0, info: 0 }],
    ['each finding counts once under its severity', [f('a'), f('b', undefined, 'm', 'warning'), f('c', undefined, 'm', 'warning'), f('d', undefined, 'm', 'info')], { error: 1, warning: 2, info: 1 }],
  ])('%s', (_name, findings, expected) => {
    expect(countBySeverity(findings)).toEqual(expected);
  });
});

describe('sortFindings', () => {
  // each row: findings in input order, then the input positions in sorted order
  it.each([
    ['orders by file first', [f('r', { file: 'b.yml' }), f('r', { file: 'a.yml' })], [1, 0]],
    ['orders lines numerically, not as text', [f('r', { file: 'a', line: 10 }), f('r', { file: 'a', line: 9 })], [1, 0]],
    ['orders by column within a line', [f('r', { file: 'a', line: 1, column: 7 }), f('r', { file: 'a', line: 1, column: 2 })], [1, 0]],
    ['puts a finding without a location before located ones', [f('r', { file: 'a' }), f('r')], [1, 0]],
    ['orders by pointer when the position is equal', [f('r', { pointer: '/b' }), f('r', { pointer: '/a' })], [1, 0]],
    ['orders by ruleId, then message, when the location is equal', [f('z', {}, 'a'), f('a', {}, 'b'), f('a', {}, 'a')], [2, 1, 0]],
    ['keeps equal findings in input order', [f('r', {}, 'same'), f('r', {}, 'same')], [0, 1]],
  ])('%s', (_name, findings, order) => {
    const sorted = sortFindings(findings);
    expect(sorted.map((x) => findings.indexOf(x))).toEqual(order);
  });

  it('returns a new array and leaves its input as it was', () => {
    const input = [f('b'), f('a')];
    const sorted = sortFindings(input);
    expect(sorted.map((x) => x.ruleId)).toEqual(['a', 'b']);
    expect(input.map((x) => x.ruleId)).toEqual(['b', 'a']);
  });
});
