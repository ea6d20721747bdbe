/** Exposition-format parser: names, labels with escapes, TYPE/HELP, timestamps, special values, errors. */
import { parseExposition, parseValue, seriesKey } from '../../src/gate/exposition';

describe('parseExposition', () => {
  it('reads HELP, TYPE, labels, timestamps and comments', () => {
    const text = [
      '# HELP g6_x_total Things\\ndone, with a \\\\ backslash.',
      '# TYPE g6_x_total counter',
      '# a plain comment',
      'g6_x_total{index="NIFTY",kind="a"} 3 1700000000000',
      'g6_x_total{index="SENSEX"} 4',
      '',
      'g6_up 1',
    ].join('\n');
    const e = parseExposition(text);
    expect(e.issues).toEqual([]);
    expect(e.types.get('g6_x_total')).toBe('counter');
    expect(e.help.get('g6_x_total')).toBe('Things\ndone, with a \\ backslash.');
    expect(e.samples).toEqual([
      { name: 'g6_x_total', labels: { index: 'NIFTY', kind: 'a' }, value: 3, timestampMs: 1700000000000, line: 4 },
      { name: 'g6_x_total', labels: { index: 'SENSEX' }, value: 4, line: 5 },
      { name: 'g6_up', labels: {}, value: 1, line: 7 },
    ]);
  });

  it('resolves label escapes \\" \\\\ \\n and keeps commas and braces inside values', () => {
    const e = parseExposition('m{a="say \\"hi\\"",b="c:\\\\dir",c="two\\nlines",d="x,y}z"} 1\n');
    expect(e.issues).toEqual([]);
    expect(e.samples[0]!.labels).toEqual({ a: 'say "hi"', b: 'c:\\dir', c: 'two\nlines', d: 'x,y}z' });
  });

  it('accepts a trailing comma, spaces around labels, CRLF and # EOF', () => {
    const e = parseExposition('m{ a = "1" , } 2\r\n# EOF\n');
    expect(e.issues).toEqual([]);
    expect(e.samples[0]).toMatchObject({ labels: { a: '1' }, value: 2 });
  });

  it.each([
    ['NaN', NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['1e-3', 0.001],
    ['-2.5', -2.5],
    ['.5', 0.5],
  ])('parses the value %s', (token, value) => {
    expect(parseValue(token)).toBe(value);
    expect(parseExposition(`m ${token}`).samples[0]!.value).toBe(value);
  });

  it.each([
    ['m{a="1"', /unterminated|expected/],
    ['m{a=1} 2', /double-quoted/],
    ['m 1\n  m{a="1",9} 2', /expected a label name at column 11/],
    ['m{a="\\x"} 2', /invalid escape/],
    ['m{a="1",a="2"} 2', /twice/],
    ['m', /missing value/],
    ['m abc', /invalid value/],
    ['m 1 12.5', /invalid timestamp/],
    ['m 1 2 3', /unexpected text/],
    ['9m 1', /expected a metric name/],
    ['# TYPE m blob', /unknown metric type/],
    ['m 1\nm 2', /duplicate series/],
    ['# TYPE m gauge\n# TYPE m gauge', /second # TYPE/],
    ['# EOF\nm 1', /after "# EOF"/],
  ])('reports %j with its line', (text, message) => {
    const e = parseExposition(text);
    expect(e.issues.length).toBeGreaterThan(0);
    expect(e.issues[0]!.message).toMatch(message);
    expect(e.issues[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it('keeps names exact: a longer name is a different metric', () => {
    const e = parseExposition('g6_pipeline_parity_rolling_avg_extra 0.1\ng6_pipeline_parity_rolling_avg 0.99\n');
    expect(e.samples.map((s) => s.name)).toEqual(['g6_pipeline_parity_rolling_avg_extra', 'g6_pipeline_parity_rolling_avg']);
  });

  it('does not take a quoted "} 1" for the end of the labels', () => {
    const e = parseExposition('m{a="x} 1",b="y"} 2 1700000000000\n');
    expect(e.issues).toEqual([]);
    expect(e.samples).toEqual([{ name: 'm', labels: { a: 'x} 1', b: 'y' }, value: 2, timestampMs: 1700000000000, line: 1 }]);
  });

  it('finds a repeated label on a later line of a family whose earlier lines were fine', () => {
    const e = parseExposition('m{a="1",b="2"} 1\nm{a="3",a="4"} 1\nm{a="a=5,a=6",b="7"} 1\n');
    expect(e.issues).toEqual([{ line: 2, message: expect.stringMatching(/label a given twice/) }]);
    expect(e.samples.map((s) => s.labels)).toEqual([{ a: '1', b: '2' }, { a: 'a=5,a=6', b: '7' }]);
  });

  it('with keep, builds samples only for the kept names but still checks every line', () => {
    const text = 'kept{a="1"} 1\nother{b="2"} 2\nother{b="2"} 3\nother{c="\\q"} 4\nkept 5\nother{d="6"}7\n';
    const e = parseExposition(text, { keep: new Set(['kept']) });
    expect(e.samples).toEqual([
      { name: 'kept', labels: { a: '1' }, value: 1, line: 1 },
      { name: 'kept', labels: {}, value: 5, line: 5 },
    ]);
    expect(e.issues.map((i) => i.line)).toEqual([3, 4]);
    expect(parseExposition(text).samples.filter((s) => s.name === 'kept')).toEqual(e.samples);
  });

  it.each([
    ['labels in another order', 'm{a="1",b="2"} 1\nm{b="2",a="1"} 2\n', 'm{a="1",b="2"}'],
    ['labels in another order, the first line unsorted', 'm{b="2",a="1"} 1\nm{x="0",a="1"} 1\nm{a="1",b="2"} 2\n', 'm{b="2",a="1"}'],
    ['blanks around the labels', 'm{a="1",b="2"} 1\nm { b = "2" , a = "1" } 2\n', 'm{a="1",b="2"}'],
    ['a trailing comma', 'm{a="1"} 1\nm{a="1",} 2\n', 'm{a="1"}'],
    ['an empty label block', 'm 1\nm{} 2\n', 'm'],
    ['escaped values', 'm{a="x\\"y\\\\z"} 1\nm{a="x\\"y\\\\z"} 2\n', 'm{a="x\\"y\\\\z"}'],
  ])('reports a duplicate series through %s, on its later line', (_n, text, key) => {
    for (const keep of [undefined, new Set(['other'])]) {
      const e = parseExposition(text, { keep });
      expect(e.issues).toEqual([{ line: text.trimEnd().split('\n').length, message: `duplicate series ${key} (first on line 1)` }]);
    }
  });

  it('tells series apart by every label value, whatever the order', () => {
    const e = parseExposition('m{a="1",b="2"} 1\nm{b="3",a="1"} 1\nm{b="2",a="2"} 1\nm{a="1"} 1\nm{a="1",b="2",c=""} 1\nn{a="1",b="2"} 1\n');
    expect(e.issues).toEqual([]);
    expect(e.samples).toHaveLength(6);
  });

  it.each([
    ['a valid family', 'o{a="1",b="2"} 1\no{a="3",b="4"} 2\no{b="4",a="3"} 3\no{a="5",b="6"} 4 1700000000000\n'],
    ['a defect after lines of one shape', 'o{a="1",b="2"} 1\no{a="3",b="\\q"} 2\no{a="4",b="5"} x\no{a="6",b="7"}\no{a="8",b="9" 1\no{a="1",b="2",b="3"} 1\n'],
    ['a repeated label, then its shape again', 'o{a="1",a="2"} 1\no{a="3",a="4"} 2\no{a="1"} 1\n'],
    ['two families interleaved', 'o{a="1"} 1\np{a="1"} 1\no{a="2"} 1\np{a="1"} 2\n'],
    [
      'a defect in a long family, which is read by one token per line after its first lines',
      `${Array.from({ length: 20 }, (_, k) => `o{a="${k}",b="x"} ${k}\n`).join('')}o{a="20",b="\\q"} 1\no{a="21",b="x"} 1 2 3\no{a="3",b="x"} 1\np{a="1",b="x"} 1\no{b="x",a="4"} 1\no{a="22",b="x"} 1e\n`,
    ],
  ])('finds the same issues whether or not samples are kept: %s', (_n, text) => {
    const all = parseExposition(text);
    expect(parseExposition(text, { keep: new Set(['kept']) }).issues).toEqual(all.issues);
    expect(parseExposition(text, { keep: new Set(['o', 'p']) })).toEqual(all);
    expect(parseExposition(text, { keep: new Set(['p']) })).toEqual({ ...all, samples: all.samples.filter((x) => x.name === 'p') });
  });

  it('reads a histogram family: TYPE on the base name, le labels, _sum and _count', () => {
    const e = parseExposition(
      ['# TYPE h histogram', 'h_bucket{le="0.5"} 1', 'h_bucket{le="+Inf"} 3', 'h_sum 2.5', 'h_count 3', 'h_bucket{le="+Inf",x="1"} 0', ''].join('\n'),
    );
    expect(e.issues).toEqual([]);
    expect(e.types.get('h')).toBe('histogram');
    expect(e.samples.map((x) => [x.name, x.labels, x.value])).toEqual([
      ['h_bucket', { le: '0.5' }, 1],
      ['h_bucket', { le: '+Inf' }, 3],
      ['h_sum', {}, 2.5],
      ['h_count', {}, 3],
      ['h_bucket', { le: '+Inf', x: '1' }, 0],
    ]);
  });

  const family = (n: number, line: (k: number) => string): string => Array.from({ length: n }, (_, k) => `${line(k)}\n`).join('');
  it.each([
    ['a long family', family(40, (k) => `o{a="${k}",b="x"} ${k}`)],
    ['a duplicate inside a run', `${family(20, (k) => `o{a="${k}",b="x"} ${k}`)}o{a="3",b="x"} 1\n${family(20, (k) => `o{a="${k + 20}",b="x"} 1`)}`],
    ['kept lines of the same shape inside a run', family(40, (k) => `${k % 7 ? 'o' : 'kept'}{a="${k}",b="x"} ${k} 1700000000000`)],
    ['CRLF, trailing blanks and a last line without its newline', family(30, (k) => `o{a="${k}",b="x"} ${k}  \r`).slice(0, -1)],
    ['a defect after a run', `${family(20, (k) => `o{a="${k}",b="x"} ${k}`)}o{a="20",b="x"} 1 2 3\no{a="21",b="x"} 1\n`],
    ['lines out of shape between runs', family(40, (k) => (k % 10 ? `o{a="${k}",b="x"} 1` : `o{b="x",a="${k}"} 1`))],
  ])('reads runs of lines by one match with the issues and samples token by token gives: %s', (_n, text) => {
    const all = parseExposition(text);
    const kept = parseExposition(text, { keep: new Set(['kept']) });
    expect(kept.issues).toEqual(all.issues);
    expect(kept.samples).toEqual(all.samples.filter((x) => x.name === 'kept'));
  });

  /** Per name, what a full parse holds that counting keeps: sample count and label names (none for kept names). */
  const countsOf = (e: ReturnType<typeof parseExposition>, kept: ReadonlySet<string>): Record<string, { samples: number; labels: string[] }> => {
    const out: Record<string, { samples: number; labels: string[] }> = {};
    for (const x of e.samples) {
      if (kept.has(x.name)) continue;
      const c = (out[x.name] ??= { samples: 0, labels: [] });
      c.samples++;
      c.labels = [...new Set([...c.labels, ...Object.keys(x.labels)])].sort();
    }
    return out;
  };
  const countedOf = (e: ReturnType<typeof parseExposition>): Record<string, { samples: number; labels: string[] }> =>
    Object.fromEntries([...e.counted].map(([name, c]) => [name, { samples: c.samples, labels: [...c.labels].sort() }]));

  it('with count, counts the samples not kept per name, their label names too, and keeps those with le or quantile', () => {
    const text = `${family(30, (k) => `g{a="${k}",b="x"} ${k}`)}g{c="1"} 1\ng{a="1",b="x"} 2\nkept{a="1"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\ns{quantile="0.5"} 1\n`;
    const e = parseExposition(text, { keep: new Set(['kept']), count: true });
    const all = parseExposition(text);
    expect(e.issues).toEqual(all.issues);
    expect(e.issues).toHaveLength(1); // the duplicate g series
    expect(e.samples).toEqual(all.samples.filter((x) => ['kept', 'h_bucket', 's'].includes(x.name)));
    expect(countedOf(e)).toEqual(countsOf(all, new Set(['kept', 'h_bucket', 's'])));
    expect(countedOf(e)).toEqual({ g: { samples: 31, labels: ['a', 'b', 'c'] }, h_sum: { samples: 1, labels: [] } });
  });

  it('with count, keeps whole a name whose samples have le and not (read again with it kept)', () => {
    const text = `${family(20, (k) => `m{a="${k}"} 1`)}m{a="1",le="2"} 1\nn 1\n`;
    const e = parseExposition(text, { keep: new Set(['kept']), count: true });
    expect(e.samples).toEqual(parseExposition(text).samples.filter((x) => x.name === 'm'));
    expect(countedOf(e)).toEqual({ n: { samples: 1, labels: [] } });
  });

  it('seriesKey sorts labels', () => {
    expect(seriesKey('m', { b: '2', a: '1' })).toBe('m{a="1",b="2"}');
  });
});
