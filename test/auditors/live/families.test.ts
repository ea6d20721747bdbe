/** Live families from an exposition whose samples were counted are the families of the whole parse, samples aside. */
import { groupFamilies } from '../../../src/auditors/live/families';
import { parseExposition } from '../../../src/gate/exposition';

const lines = (n: number, line: (k: number) => string): string => Array.from({ length: n }, (_, k) => `${line(k)}\n`).join('');

describe('groupFamilies over counted samples', () => {
  it.each([
    ['a long gauge family', `# TYPE g gauge\n${lines(30, (k) => `g{a="${k}",b="x"} ${k}`)}`],
    ['a counter, in text format and OpenMetrics', `# TYPE c_total counter\n${lines(12, (k) => `c_total{a="${k}"} 1`)}# TYPE o counter\n${lines(12, (k) => `o_total{a="${k}"} 1\no_created{a="${k}"} 1`)}`],
    ['a histogram', `# TYPE h histogram\n${lines(10, (k) => `h_bucket{a="${k % 3}",le="${k}"} 1`)}h_bucket{a="9",le="+Inf"} 1\nh_sum 1\nh_count 1\n`],
    ['a summary', `# TYPE s summary\n${lines(10, (k) => `s{a="${k}",quantile="0.5"} 1`)}s_sum 1\ns_count 1\n`],
    ['untyped metrics, labels varying', `${lines(12, (k) => `u{a="${k}"} 1`)}u{b="1"} 1\nv 1\n`],
    ['a name with and without le', `${lines(12, (k) => `m{a="${k}"} 1`)}m{a="1",le="2"} 1\n`],
  ])('%s', (_n, text) => {
    const whole = groupFamilies(parseExposition(text));
    const counted = groupFamilies(parseExposition(text, { keep: new Set(), count: true }));
    const withoutSamples = (fs: ReturnType<typeof groupFamilies>): unknown => fs.map(({ samples: _s, ...f }) => f);
    expect(withoutSamples(counted)).toEqual(withoutSamples(whole));
    expect(whole.map((f) => f.sampleCount)).toEqual(whole.map((f) => f.samples.length));
  });
});
