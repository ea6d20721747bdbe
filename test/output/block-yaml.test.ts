/** dumpYaml prints exactly what js-yaml's dump prints with g6's options; isSurelyPlain never disagrees with js-yaml. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { dumpYaml, DUMP_OPTIONS, isSurelyPlain } from '../../src/output/block-yaml';
import { YAML_SCHEMA } from '../../src/spec/parse-yaml';

const DOCUMENTS: Array<[string, unknown]> = [
  ['nested mappings and sequences, sequences of sequences, empty ones', { a: { b: [1, [2, [3]], { c: [] }, {}], d: {} }, e: [[], [{ f: 'g' }]] }],
  ['undefined members are skipped, undefined items are null', { a: undefined, b: [undefined, null], c: { d: undefined } }],
  ['strings that must be quoted: numbers, dates, words, indicators, colons, hashes, spaces', { v: ['1', '1.5', '0x1F', '1e3', '12:30', '2024-01-01', 'true', 'no', 'Off', '~', 'null', '', ' lead', 'trail ', 'a: b', 'a #b', '#c', '-d', '? e', '[f]', '{g}', '*h', '&i', '!j', '|k', '>l', "'m", '"n', '%o', '@p', '`q', 'r:', '<<', '.inf', 'NaN', '-1', '+1'] }],
  ['strings that stay plain: PromQL, rule names, selectors, a hash after a letter', ['sum by (a) (rate(x[5m])) > 0.5', 'g6_x:p95_5m_by_op', 'm{a="b",le="+Inf"}', 'a#b', 'a:b', '(x)', 'yesterday']],
  ['keys that need quotes', { '1': 1, 'a b': 2, 'c: d': 3, true: 4, '': 5 }],
  ['numbers, booleans and null, and each again (-0 after 0, 0 after -0)', [0, -0, 1.5, 1e-7, 1e21, -3, true, false, null, 0, -0, 0, 1.5, true, null, 'true', '1.5']],
  ['non-ASCII and control characters', ['é', 'x\ty', 'a\u2028b', '\u0001']],
  ['a multi-line string (js-yaml dumps the document)', { a: [{ b: 'line one\nline two\n' }] }],
  ['a key longer than 1,024 characters (js-yaml dumps the document)', { ['k'.repeat(1030)]: 1 }],
  ['a top-level scalar', 'plain'],
  ['mappings with only undefined members, under a key, in a sequence, after other items', { a: { b: undefined }, c: [{ d: undefined }, [{ e: undefined }]], f: [[1], { g: undefined, h: [] }] }],
  ['undefined alone', undefined],
];

describe('dumpYaml', () => {
  it.each(DOCUMENTS)('%s', (_, value) => {
    expect(dumpYaml(value)).toBe(yaml.dump(value, DUMP_OPTIONS));
    expect(dumpYaml(value, '# a header\n')).toBe(`# a header\n${yaml.dump(value, DUMP_OPTIONS)}`);
  });

  it('prints every committed rule file and promtool test file as js-yaml does', () => {
    const root = join(__dirname, '../..');
    const files = ['rules', 'rules/tests'].flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.yml')).map((f) => join(root, dir, f)));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const doc = yaml.load(readFileSync(file, 'utf8'), { schema: YAML_SCHEMA });
      expect(dumpYaml(doc)).toBe(yaml.dump(doc, DUMP_OPTIONS));
    }
  });
});

describe('isSurelyPlain', () => {
  const plainInJsYaml = (s: string): boolean => yaml.dump({ k: s }, DUMP_OPTIONS) === `k: ${s}\n` && yaml.dump(s, DUMP_OPTIONS) === `${s}\n`;
  it.each((DOCUMENTS[2]![1] as { v: string[] }).v.concat(DOCUMENTS[3]![1] as string[], ['a', 'A1', '_x', 'x y', 'x:y:z', 'x :y', 'x# y', 'x #y']))('"%s" is plain only when js-yaml prints it plain', (s) => {
    if (isSurelyPlain(s)) expect(plainInJsYaml(s)).toBe(true);
  });

  it('says plain for PromQL expressions and rule names', () => {
    expect(['sum by (a) (rate(x[5m])) > 0.5', 'g6_x:p95_5m_by_op', 'm{a="b"}'].every(isSurelyPlain)).toBe(true);
  });
});
