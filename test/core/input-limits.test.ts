/** The bounded reader and parsers: size cap, nesting, alias and merge budgets, and syntax errors placed at line:column. */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { G6Error, InputError, InputSyntaxError, UsageError } from '../../src/core/errors';
import { DEFAULT_INPUT_LIMITS, InputLimitError, parseInputLimits, setInputLimits } from '../../src/core/input-limits';
import { jsonSyntaxError, parseJsonInput } from '../../src/core/parse-json';
import { readBoundedText, readInputFile, readOptionalInputFile } from '../../src/core/read-input';
import { parseYaml, YamlSyntaxError } from '../../src/spec/parse-yaml';
import { billionLaughs, mergeBomb } from '../support/hostile';

afterEach(() => setInputLimits(DEFAULT_INPUT_LIMITS));

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
};

describe('parseInputLimits', () => {
  it.each([
    ['an empty text keeps every default', '', DEFAULT_INPUT_LIMITS],
    ['one key changes only that limit', 'depth=200', { ...DEFAULT_INPUT_LIMITS, depth: 200 }],
    ['sizes take binary and decimal units, any case', 'bytes=32MiB, aliases=5', { ...DEFAULT_INPUT_LIMITS, bytes: 32 * 1024 * 1024, aliases: 5 }],
    ['a plain byte count needs no unit', 'bytes=1000', { ...DEFAULT_INPUT_LIMITS, bytes: 1000 }],
    ['decimal units are powers of 1000', 'bytes=2gb', { ...DEFAULT_INPUT_LIMITS, bytes: 2e9 }],
  ])('%s', (_, text, expected) => {
    expect(parseInputLimits(text, 'G6_INPUT_LIMITS')).toEqual(expected);
  });

  it.each([
    ['an unknown key', 'size=1', /"size=1" is not a limit/],
    ['a count with a unit', 'depth=2MiB', /a count takes no unit/],
    ['an unknown unit', 'bytes=3TB', /unknown size unit/],
    ['zero', 'aliases=0', /at least 1/],
    ['a depth the stack cannot take', 'depth=5000', /at most 1000/],
  ])('refuses %s as a usage error naming its source', (_, text, message) => {
    const err = thrown(() => parseInputLimits(text, '--input-limits'));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/^--input-limits: /);
    expect(err.message).toMatch(message);
  });
});

describe('readBoundedText', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'g6-limits-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 600 MiB file from its size, naming the file, the limit and the fix', () => {
    const file = join(dir, 'big.yml');
    writeFileSync(file, '');
    truncateSync(file, 600 * 1024 * 1024); // sparse: reading it would take 600 MiB
    const err = thrown(() => readInputFile(file, 'metric spec', 'spec/big.yml'));
    expect(err).toBeInstanceOf(InputLimitError);
    expect(err.message).toBe(
      'spec/big.yml: the file is 600.0 MiB (input limit bytes=16MiB); raise it with --input-limits bytes=<n> or G6_INPUT_LIMITS=bytes=<n> if the file is trusted',
    );
  });

  it('refuses a stream that goes on past the limit, after reading only that much', () => {
    setInputLimits({ ...DEFAULT_INPUT_LIMITS, bytes: 1024 });
    expect(thrown(() => readBoundedText('/dev/zero', 'zero')).message).toMatch(/^zero: the file goes on past 1.0 KiB \(input limit bytes=1KiB\)/);
  });

  it('reads a file of exactly the limit and refuses one byte more', () => {
    setInputLimits({ ...DEFAULT_INPUT_LIMITS, bytes: 10 });
    writeFileSync(join(dir, 'ten'), '0123456789');
    writeFileSync(join(dir, 'eleven'), '0123456789a');
    expect(readBoundedText(join(dir, 'ten'), 'ten')).toBe('0123456789');
    expect(thrown(() => readBoundedText(join(dir, 'eleven'), 'eleven'))).toBeInstanceOf(InputLimitError);
  });

  it('decodes UTF-8 split across read chunks', () => {
    const text = 'é'.repeat(100_000);
    writeFileSync(join(dir, 'utf8'), text);
    expect(readBoundedText(join(dir, 'utf8'), 'utf8')).toBe(text);
  });

  it('reads a missing optional file as undefined and names a missing required one', () => {
    expect(readOptionalInputFile(join(dir, 'none.json'), 'rolling state')).toBeUndefined();
    expect(thrown(() => readInputFile(join(dir, 'none.json'), 'snapshot', 'none.json')).message).toBe('none.json: cannot read snapshot: file not found; check the path');
    expect(thrown(() => readInputFile(dir, 'snapshot', 'a-dir')).message).toBe('a-dir: cannot read snapshot: is a directory; check the path');
  });
});

describe('parseJsonInput', () => {
  it.each([
    ['a missing value', '{\n  "a": 1,\n  "b": }\n', 3, 8, 'unexpected "}"; expected a value'],
    ['a trailing comma', '[1, 2,]', 1, 7, 'unexpected "]"; expected a value'],
    ['an unquoted key', '{a: 1}', 1, 2, 'unexpected "a"; expected a property name in double quotes'],
    ['a missing colon', '{"a" 1}', 1, 6, `unexpected "1"; expected ':' after the property name`],
    ['a missing comma', '{"a": 1\n "b": 2}', 2, 2, `unexpected """; expected ',' or '}'`],
    ['text after the value', '{}\n{}', 2, 1, 'unexpected "{"; expected nothing after the JSON value'],
    ['a cut-off file', '{"a": [1, 2', 1, 12, `unexpected end of file; expected ',' or ']'`],
    ['an empty file', '', 1, 1, 'the file is empty; expected a JSON value'],
    ['a byte-order mark', '\ufeff{}', 1, 1, 'unexpected character U+FEFF; expected a value'],
    ['a raw line break in a string', '{"a": "x\ny"}', 1, 9, 'unexpected character U+000A; a string cannot hold a raw control character or line break; escape it'],
    ['a bad escape', '["\\q"]', 1, 3, 'invalid escape sequence in a string'],
    ['an unterminated string', '{"a": "xyz', 1, 7, 'unterminated string; close it with "'],
    ['a leading zero', '[01]', 1, 3, `unexpected "1"; expected ',' or ']'`],
    ['a comment', '// note\n{}', 1, 1, 'unexpected "/"; expected a value'],
    ['NaN', '{"x": NaN}', 1, 7, 'unexpected "N"; expected a value'],
  ])('places %s at line and column', (_, text, line, column, reason) => {
    const err = thrown(() => parseJsonInput(text, 'd/x.json', 'regenerate it'));
    expect(err).toBeInstanceOf(InputSyntaxError);
    expect((err as InputSyntaxError).where).toEqual({ file: 'd/x.json', line, column, reason });
    expect(err.message).toBe(`d/x.json:${line}:${column}: invalid JSON: ${reason}; regenerate it`);
  });

  it.each([
    ['nested arrays', '['.repeat(5000) + ']'.repeat(5000), 1, 101],
    ['nested objects on many lines', '{"a":\n'.repeat(200) + '1' + '}'.repeat(200), 101, 1],
  ])('refuses %s deeper than the limit before parsing, at the bracket that goes too deep', (_, text, line, column) => {
    const err = thrown(() => parseJsonInput(text, 'c.json'));
    expect(err).toBeInstanceOf(InputLimitError);
    expect(err.message).toMatch(new RegExp(`^c\\.json:${line}:${column}: nesting goes deeper than 100 levels here \\(input limit depth=100\\); raise it with --input-limits depth=<n>`));
  });

  it('counts brackets inside strings as text, not nesting', () => {
    expect(parseJsonInput(JSON.stringify({ s: '['.repeat(500) }), 'x.json')).toEqual({ s: '['.repeat(500) });
  });

  it('accepts exactly the limit of nesting', () => {
    expect(() => parseJsonInput('['.repeat(100) + ']'.repeat(100), 'x.json')).not.toThrow();
  });

  it.each(['{"a":[1,{"b":null}],"c":"\\u00e9\\n"}', '-0.5e+3', '"\ud800"', ' true '])('finds no syntax error in JSON that JSON.parse reads: %s', (text) => {
    expect(jsonSyntaxError(text)).toBeUndefined();
  });
});

describe('parseYaml', () => {
  it('refuses a billion-laughs document at once, naming the file and the alias budget', () => {
    const err = thrown(() => parseYaml(billionLaughs(9, 9), 'spec/laughs.yml'));
    expect(err).toBeInstanceOf(InputLimitError);
    expect(err.message).toMatch(/^spec\/laughs\.yml: its aliases and << merge keys expand it by \d{10} nodes \(input limit aliases=100000\); raise it with --input-limits aliases=<n>/);
  });

  it('refuses a billion-laughs document whose anchor names start with characters outside ASCII or \\S', () => {
    // js-yaml reads any character but tab, space, line breaks and flow indicators as part of an anchor name
    for (const lead of ['\u00a0', '\u2028', '\u3000', '\ufeff', '#', '*']) {
      const text = billionLaughs(9, 9).replace(/([&*])a(\d)/g, `$1${lead}a$2`);
      expect(text).toContain(`*${lead}a1`);
      expect(thrown(() => parseYaml(text, 'spec/laughs.yml')).message).toMatch(/^spec\/laughs\.yml: its aliases and << merge keys expand it by \d{10} nodes/);
    }
  });

  it('holds a document without aliases to the depth limit, counted as with aliases', () => {
    setInputLimits({ ...DEFAULT_INPUT_LIMITS, depth: 5 });
    // the mapping is the first level, each sequence one more
    const nested = (levels: number): string => `a: ${'['.repeat(levels - 1)}1${']'.repeat(levels - 1)}\n`;
    expect(parseYaml(nested(5), 'ok.yml')).toEqual({ a: [[[[1]]]] });
    expect(thrown(() => parseYaml(`${nested(6)}b: "x * y"\n`, 'deep.yml')).message).toMatch(/^deep\.yml: with its aliases expanded, nesting goes deeper than 5 levels/);
    expect(thrown(() => parseYaml(`${nested(6)}b: "x *y"\n`, 'deep.yml')).message).toMatch(/^deep\.yml: with its aliases expanded, nesting goes deeper than 5 levels/);
  });

  it('refuses a merge-key bomb whose merged values alias each other', () => {
    expect(thrown(() => parseYaml(mergeBomb(11, 8), 'run.yml')).message).toMatch(/^run\.yml: its aliases and << merge keys expand it by more than 10\^15 nodes|^run\.yml: its aliases and << merge keys expand it by \d+ nodes/);
  });

  it('refuses merge keys that copy more keys than the budget', () => {
    setInputLimits({ ...DEFAULT_INPUT_LIMITS, aliases: 50 });
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}: 1`).join(', ');
    const text = `base: &b {${keys}}\n${Array.from({ length: 5 }, (_, i) => `m${i}: {<<: *b}`).join('\n')}\n`;
    expect(thrown(() => parseYaml(text, 'm.yml')).message).toMatch(/^m\.yml:\d+:\d+: << merge keys copy more than 50 keys \(input limit aliases=50\)/);
  });

  it('accepts aliases up to the budget and refuses one node more', () => {
    setInputLimits({ ...DEFAULT_INPUT_LIMITS, aliases: 9 });
    // each *l stands for 3 nodes: the list and its two scalars
    expect(parseYaml('l: &l [1, 2]\na: *l\nb: *l\nc: *l\n', 'ok.yml')).toEqual({ l: [1, 2], a: [1, 2], b: [1, 2], c: [1, 2] });
    expect(thrown(() => parseYaml('l: &l [1, 2]\na: *l\nb: *l\nc: *l\nd: *l\n', 'over.yml')).message).toMatch(/^over\.yml: its aliases and << merge keys expand it by 12 nodes/);
  });

  it('refuses an alias inside the node it names (an infinite document)', () => {
    const err = thrown(() => parseYaml('a: &a\n  b: *a\n', 'loop.yml'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('loop.yml: an alias refers to a node that contains it, which makes the document infinite; replace the alias with a copy of what it needs');
  });

  it.each([
    ['flow sequences', `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['block mappings', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ])('refuses %s nested deeper than the limit, at the place', (_, text) => {
    expect(thrown(() => parseYaml(text, 'deep.yml')).message).toMatch(/^deep\.yml:\d+:\d+: nesting goes deeper than 100 levels here \(input limit depth=100\)/);
  });

  it('refuses nesting that only an alias chain makes deep', () => {
    const text = ['a0: &a0 [1]', ...Array.from({ length: 150 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`)].join('\n');
    expect(thrown(() => parseYaml(text, 'chain.yml')).message).toMatch(/^chain\.yml: with its aliases expanded, nesting goes deeper than 100 levels/);
  });

  it.each([
    ['after a mapping', 'a: 1\n---\nb: 2\n', 2, 1],
    ['as an empty second document', 'a: 1\n---\n', 2, 1],
    ['after an explicit first document', '--- a\n--- b\n', 2, 1],
    ['after a document end marker', '- x\n...\n- y\n', 2, 1],
    ['past a block scalar holding ---', 'a: |\n  ---\n  x\n---\nq\n', 4, 1],
  ])('places a second document %s at its separator', (_, text, line, column) => {
    const err = thrown(() => parseYaml(text, 'two.yml'));
    expect(err).toBeInstanceOf(YamlSyntaxError);
    expect((err as YamlSyntaxError).where).toMatchObject({ file: 'two.yml', line, column });
    expect(err.message).toMatch(new RegExp(`^two\\.yml:${line}:${column}: invalid YAML: a second document starts here, and a g6 input is one document`));
  });

  it('keeps anchors, aliases and merge keys a hand-written file uses', () => {
    expect(parseYaml('base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\nagain: *b\n', 'ok.yml')).toEqual({ base: { x: 1 }, use: { x: 1, y: 2 }, again: { x: 1 } });
  });

  it('reads an empty document as null', () => {
    expect(parseYaml('# nothing\n', 'e.yml')).toBeNull();
  });

  it('fails only with g6 errors', () => {
    for (const text of ['a: [', 'a: *nope', '{a: 1, a: 2}', '\t- x', '!!binary x', 'a: !!js/function "f"']) {
      expect(thrown(() => parseYaml(text, 'bad.yml'))).toBeInstanceOf(G6Error);
    }
  });
});
