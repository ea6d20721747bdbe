/** Canonical JSON and content hashes: key order, undefined members and whitespace never change a fingerprint. */
import { canonicalJson, contentHash16, sha256Hex, sortedKeys, sortStrings } from '../../src/core/hash';

describe('canonicalJson', () => {
  it.each([
    ['sorts object keys', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    ['sorts keys at every depth', { z: { y: 1, x: [{ d: 1, c: 2 }] } }, '{"z":{"x":[{"c":2,"d":1}],"y":1}}'],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
    ['drops undefined members', { a: 1, b: undefined }, '{"a":1}'],
    ['renders scalars as JSON', 'x', '"x"'],
    ['renders null', null, 'null'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses a value JSON cannot represent', () => {
    expect(() => canonicalJson(undefined)).toThrow(new TypeError('value cannot be serialised to JSON'));
  });
});

describe('sha256Hex', () => {
  it.each([
    ['the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc"', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['a Buffer of "abc"', Buffer.from('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('hashes %s to the published digest', (_name, input, digest) => {
    expect(sha256Hex(input)).toBe(digest);
  });
});

describe('contentHash16', () => {
  it('is the first 16 hex digits of sha256 over the canonical JSON', () => {
    expect(contentHash16({ b: 1, a: 2 })).toBe(sha256Hex('{"a":2,"b":1}').slice(0, 16));
  });

  it.each([
    ['key order', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }],
    ['an undefined member', { a: 1 }, { a: 1, gone: undefined }],
  ])('does not depend on %s', (_name, x, y) => {
    expect(contentHash16(x)).toBe(contentHash16(y));
  });

  it.each([
    ['array order', [1, 2], [2, 1]],
    ['a value type', { a: 1 }, { a: '1' }],
  ])('depends on %s', (_name, x, y) => {
    expect(contentHash16(x)).not.toBe(contentHash16(y));
  });
});

describe('sortStrings', () => {
  // a seeded generator: lists short enough for the insertion sort and longer ones, with duplicates,
  // empty strings, digits, astral and lone surrogate code units, all compared with Array.prototype.sort
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = ['a', 'b', 'B', '_', '1', '10', '', 'é', '\u{1F600}', '\ud800', 'z'];
  const word = (): string => Array.from({ length: random(4) }, () => alphabet[random(alphabet.length)]).join('');

  it('orders every list as Array.prototype.sort does, in place', () => {
    for (let round = 0; round < 2000; round++) {
      const xs = Array.from({ length: random(40) }, word);
      const expected = [...xs].sort();
      const result = sortStrings(xs);
      expect(result).toBe(xs);
      expect(result).toEqual(expected);
    }
  });

  it('gives the keys of an object in Object.keys(...).sort() order, array-index keys included', () => {
    const obj = { b: 1, 10: 2, a: 3, 9: 4, A: 5, _: 6 };
    expect(sortedKeys(obj)).toEqual(Object.keys(obj).sort());
    expect(sortedKeys(obj)).toEqual(['10', '9', 'A', '_', 'a', 'b']);
  });
});
