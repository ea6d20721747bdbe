/** The rules catalog keeps every expression as written: one-line ones in the table, multi-line ones in code blocks. */
import { renderRulesCatalog } from '../../../src/generators/rules/rules-catalog';
import { parseRuleFile } from '../../../src/rules/rule-file';

const RULES = `groups:
  - name: g
    rules:
      - record: job:x:rate5m
        expr: |
          # rate per job; the comment must not swallow the expression
          sum by (job) (
            rate(x_total[5m])
          )
      - alert: XDown
        expr: job:x:rate5m == 0
        for: 5m
        labels: {severity: critical}
`;

const catalog = renderRulesCatalog([{ path: 'rules/x.yml', file: parseRuleFile(RULES, 'rules/x.yml') }]);

test('a multi-line expression with a comment line is kept whole in a promql code block the row points to', () => {
  expect(catalog).toContain('| record | `job:x:rate5m` | multi-line, below |  |  |');
  expect(catalog).toContain('`job:x:rate5m`:\n\n```promql\n# rate per job; the comment must not swallow the expression\nsum by (job) (\n  rate(x_total[5m])\n)\n```\n');
});

test('a one-line expression stays in its table row', () => {
  expect(catalog).toContain('| alert | `XDown` | `job:x:rate5m == 0` | 5m | critical |');
});

test('a code block is fenced longer than any backtick run inside it', () => {
  const withTicks = RULES.replace('# rate per job;', '# rate per ```job```;');
  expect(renderRulesCatalog([{ path: 'x.yml', file: parseRuleFile(withTicks, 'x.yml') }])).toContain('````promql\n# rate per ```job```;');
});
