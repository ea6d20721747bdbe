/** Gate evaluation: values from expositions and Prometheus answers, thresholds, every reason. */
import { evaluateGate, observeExposition, observePrometheus, type GateReport, type PromSeries } from '../../src/gate/evaluate';

const file = { kind: 'metrics-file' as const, location: 'm.prom' };
const prom = { kind: 'prometheus-url' as const, location: 'http://p' };
const thresholds = { min_parity: 0.985, max_fatal_ratio: 0.05 };

function expo(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
const COUNTERS = [
  '# TYPE g6_pipeline_index_fatal_total counter',
  'g6_pipeline_index_fatal_total{index="NIFTY"} 1',
  'g6_pipeline_index_fatal_total{index="SENSEX"} 1',
  '# TYPE g6_pipeline_index_recoverable_total counter',
  'g6_pipeline_index_recoverable_total{index="NIFTY"} 98',
];
const gate = (text: string, allowMissing = false): GateReport => evaluateGate(observeExposition(text, file), thresholds, { allowMissing });
const codes = (r: GateReport): string[] => r.reasons.map((x) => x.code);

describe('gate from an exposition', () => {
  it('passes with parity above and fatal ratio below the thresholds', () => {
    const r = gate(expo(['# TYPE g6_pipeline_parity_rolling_avg gauge', 'g6_pipeline_parity_rolling_avg 0.99', ...COUNTERS]));
    expect(r.status).toBe('pass');
    expect(r.fatal_ratio).toMatchObject({ value: 0.02, fatal: 2, recoverable: 98, method: 'counters' });
    expect(r.reasons).toEqual([]);
  });

  it('breaches on low parity and on a high fatal ratio, listing both', () => {
    const r = gate(expo(['g6_pipeline_parity_rolling_avg 0.9', 'g6_pipeline_index_fatal_total 10', 'g6_pipeline_index_recoverable_total 10']));
    expect(r.status).toBe('breach');
    expect(codes(r)).toEqual(['parity_below_threshold', 'fatal_ratio_above_threshold']);
    expect(r.passed).toBe(false);
  });

  it('reads 0 when both counter families are declared without samples', () => {
    const r = gate(expo(['g6_pipeline_parity_rolling_avg 1', '# TYPE g6_pipeline_index_fatal_total counter', '# TYPE g6_pipeline_index_recoverable_total counter']));
    expect(r.fatal_ratio.value).toBe(0);
    expect(r.status).toBe('pass');
  });

  it('does not match a metric whose name extends the target', () => {
    const r = gate(expo(['g6_pipeline_parity_rolling_avg_total 0.999', ...COUNTERS]));
    expect(r.status).toBe('missing');
    expect(codes(r)).toEqual(['parity_metric_missing']);
  });

  it('uses the minimum parity series and says so', () => {
    const r = gate(expo(['g6_pipeline_parity_rolling_avg{instance="a"} 0.999', 'g6_pipeline_parity_rolling_avg{instance="b"} 0.97', ...COUNTERS]));
    expect(r.parity).toMatchObject({ value: 0.97, series: 2 });
    expect(codes(r)).toEqual(['parity_multiple_series', 'parity_below_threshold']);
    expect(r.reasons[0]!.message).toBe('g6_pipeline_parity_rolling_avg has 2 series; the gate uses the minimum 0.97 from {instance="b"}');
  });

  it('reports a malformed exposition as one missing reason with both values missing', () => {
    const r = gate(expo(['g6_pipeline_parity_rolling_avg 1', 'broken{ 1', ...COUNTERS]));
    expect(r.reasons).toEqual([{ code: 'exposition_invalid', kind: 'missing', message: expect.stringMatching(/^m\.prom is not valid exposition text \(line 2: /) }]);
    expect(r.parity).toEqual({ value: null, metric: 'g6_pipeline_parity_rolling_avg', series: 0 });
    expect(r.fatal_ratio).toMatchObject({ value: null, method: 'counters', series: 0 });
  });

  it.each([
    ['NaN parity', ['g6_pipeline_parity_rolling_avg NaN', ...COUNTERS], 'parity_metric_nan'],
    ['parity typed as counter', ['# TYPE g6_pipeline_parity_rolling_avg counter', 'g6_pipeline_parity_rolling_avg 1', ...COUNTERS], 'parity_metric_wrong_type'],
    ['no fatal counter', ['g6_pipeline_parity_rolling_avg 1', 'g6_pipeline_index_recoverable_total 1'], 'fatal_counter_missing'],
    ['+Inf counter', ['g6_pipeline_parity_rolling_avg 1', 'g6_pipeline_index_fatal_total +Inf', 'g6_pipeline_index_recoverable_total 1'], 'fatal_counter_invalid'],
    ['malformed line', ['g6_pipeline_parity_rolling_avg 1', 'broken{ 1', ...COUNTERS], 'exposition_invalid'],
  ])('reports missing data: %s', (_n, lines, code) => {
    const r = gate(expo(lines));
    expect(r.status).toBe('missing');
    expect(codes(r)).toContain(code);
  });

  it.each([
    ['parity 2', ['g6_pipeline_parity_rolling_avg 2', ...COUNTERS], 'parity_out_of_range', /is 2 on \{\}: parity is a fraction in \[0, 1\]/],
    ['parity 1e308', ['g6_pipeline_parity_rolling_avg 1e308', ...COUNTERS], 'parity_out_of_range', /is 1e\+308 on/],
    ['parity +Inf', ['g6_pipeline_parity_rolling_avg +Inf', ...COUNTERS], 'parity_out_of_range', /is Infinity on/],
    ['negative parity', ['g6_pipeline_parity_rolling_avg -0.1', ...COUNTERS], 'parity_out_of_range', /is -0.1 on/],
    [
      'one parity series of two out of range',
      ['g6_pipeline_parity_rolling_avg{instance="a"} 0.99', 'g6_pipeline_parity_rolling_avg{instance="b"} 1.5', ...COUNTERS],
      'parity_out_of_range',
      /is 1.5 on \{instance="b"\}/,
    ],
    [
      'a fatal counter sum beyond float64',
      ['g6_pipeline_parity_rolling_avg 1', 'g6_pipeline_index_fatal_total{index="A"} 1e308', 'g6_pipeline_index_fatal_total{index="B"} 1e308', 'g6_pipeline_index_recoverable_total 1'],
      'fatal_counter_overflow',
      /sum of g6_pipeline_index_fatal_total over 2 series overflows to Infinity/,
    ],
    [
      'fatal + recoverable beyond float64',
      ['g6_pipeline_parity_rolling_avg 1', 'g6_pipeline_index_fatal_total 1e308', 'g6_pipeline_index_recoverable_total 1e308'],
      'fatal_counter_overflow',
      /fatal 1e\+308 \+ recoverable 1e\+308 overflows to Infinity/,
    ],
  ])('reports invalid data, which --allow-missing does not pass: %s', (_n, lines, code, message) => {
    const r = gate(expo(lines));
    expect(r).toMatchObject({ status: 'missing', passed: false });
    expect(r.reasons).toContainEqual({ code, kind: 'invalid', message: expect.stringMatching(message) });
    expect(gate(expo(lines), true).passed).toBe(false);
    expect(code.startsWith('parity') ? r.parity.value : r.fatal_ratio.value).toBeNull();
  });

  it.each([
    ['parity 1 passes', '1', 'pass'],
    ['parity 0 breaches', '0', 'breach'],
  ])('takes the bounds of [0, 1] as parities: %s', (_n, value, status) => {
    expect(gate(expo([`g6_pipeline_parity_rolling_avg ${value}`, ...COUNTERS])).status).toBe(status);
  });

  it('--allow-missing passes missing data with a warning but never a breach', () => {
    const missing = gate(expo(['g6_pipeline_parity_rolling_avg 1']), true);
    expect(missing).toMatchObject({ status: 'missing', passed: true });
    expect(missing.warnings[0]).toMatch(/allow-missing/);
    const breach = gate(expo(['g6_pipeline_parity_rolling_avg 0.5']), true);
    expect(breach).toMatchObject({ status: 'breach', passed: false });
  });
});

describe('gate from Prometheus answers', () => {
  const ok = (values: number[]) => ({ ok: true as const, series: values.map((v, i) => ({ labels: { instance: String(i) }, value: v })) });

  it('takes the worst fatal-ratio series and reads NaN as 0', () => {
    const r = evaluateGate(observePrometheus(prom, ok([0.99]), ok([NaN, 0.01])), thresholds, { allowMissing: false });
    expect(r.status).toBe('pass');
    expect(r.fatal_ratio).toMatchObject({ value: 0.01, method: 'recording_rule' });
    expect(codes(r)).toEqual(['fatal_ratio_nan_as_zero', 'fatal_ratio_multiple_series']);
  });

  it('names the minimum parity series by its sorted labels, {} when it has none', () => {
    const series: PromSeries[] = [
      { labels: { job: 'g6', instance: 'a"b' }, value: 0.98 },
      { labels: {}, value: 0.99 },
    ];
    const labelled = observePrometheus(prom, { ok: true, series }, ok([0]));
    expect(labelled.reasons[0]!.message).toMatch(/ from \{instance="a\\"b",job="g6"\}$/);
    const bare = observePrometheus(prom, { ok: true, series: [series[1]!, { labels: {}, value: 1 }] }, ok([0]));
    expect(bare.reasons[0]!.message).toMatch(/ from \{\}$/);
  });

  it('reports an unreachable server and an absent rule as missing', () => {
    const down = { ok: false as const, unreachable: true, message: 'ECONNREFUSED' };
    expect(codes(evaluateGate(observePrometheus(prom, down, down), thresholds, { allowMissing: false }))).toEqual(['source_unreachable', 'source_unreachable']);
    const r = evaluateGate(observePrometheus(prom, ok([1]), ok([])), thresholds, { allowMissing: false });
    expect(r.status).toBe('missing');
    expect(codes(r)).toEqual(['fatal_ratio_rule_missing']);
  });

  it.each([
    ['a parity above 1', ok([1.5]), ok([0]), 'parity_out_of_range'],
    ['a parity of -Inf', ok([-Infinity]), ok([0]), 'parity_out_of_range'],
    ['a ratio above 1', ok([1]), ok([0.01, 2]), 'fatal_ratio_out_of_range'],
    ['a ratio of +Inf', ok([1]), ok([Infinity]), 'fatal_ratio_out_of_range'],
    ['a negative ratio', ok([1]), ok([-0.5]), 'fatal_ratio_out_of_range'],
  ])('reports %s as invalid data, not a pass or a breach', (_n, parity, ratio, code) => {
    const r = evaluateGate(observePrometheus(prom, parity, ratio), thresholds, { allowMissing: false });
    expect(r).toMatchObject({ status: 'missing', passed: false });
    expect(codes(r)).toEqual([code]);
    expect(r.reasons[0]!.message).toMatch(/ on \{instance="\d"\}: .* so the gate data is invalid$/);
  });

  it('breaches on the recording rule', () => {
    const r = evaluateGate(observePrometheus(prom, ok([1]), ok([0.2])), thresholds, { allowMissing: false });
    expect(r.status).toBe('breach');
  });
});
