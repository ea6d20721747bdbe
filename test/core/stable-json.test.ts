/** stableJson: g6's sorted-key JSON writer prints exactly what json-stable-stringify 1.x printed before it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import stableStringify from 'json-stable-stringify';
import { canonicalJson, stableJson } from '../../src/core/hash';

const CASES: Array<[string, unknown]> = [
  ['a number, a string, null and a boolean print as JSON does', [1, 'a', null, true]],
  ['keys sort by UTF-16 code units, digits and the empty key included', { 10: 1, 9: 2, a: 3, B: 4, é: 5, '': 6 }],
  ['empty arrays and objects, alone and nested', [[], {}, [[]], { a: [], b: {} }]],
  ['undefined and function members are dropped from objects and null in arrays', { a: [undefined, () => 1], c: undefined, d: () => 0, e: 1 }],
  ['toJSON is honoured, dates included', { t: { toJSON: () => 'x' }, d: new Date(0) }],
  ['numbers JSON cannot hold print as null; escapes are JSON escapes', [NaN, Infinity, -0, 1e21, 'q"\n\u2028']],
  ['control characters, lone surrogates, backslashes and long strings print as JSON does, as keys too', { '\u0001': ['\ud800', 'a\\b', 'x'.repeat(300), ' ~!#[]'], ['k'.repeat(300)]: 1 }],
];

describe('stableJson', () => {
  it.each(CASES)('%s', (_, value) => {
    expect(stableJson(value)).toBe(stableStringify(value));
    expect(stableJson(value, '  ')).toBe(stableStringify(value, { space: 2 }));
  });

  it('prints every committed dashboard as json-stable-stringify does, indented and compact', () => {
    const dir = join(__dirname, '../../grafana/dashboards/generated');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const doc: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      expect(stableJson(doc, '  ')).toBe(stableStringify(doc, { space: 2 }));
      expect(stableJson(doc)).toBe(stableStringify(doc));
    }
  });

  it('gives undefined for undefined and throws on a circular object', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(stableJson(undefined)).toBeUndefined();
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => stableJson(loop)).toThrow('Converting circular structure to JSON');
  });
});
