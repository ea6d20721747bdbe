/** Table tests for every parity component, the score's weighting, and the weights format. */
import {
  alertsComponent,
  COMPONENT_NAMES,
  computeComponents,
  indexCountComponent,
  optionCountComponent,
  strikeCoverageComponent,
  strikeCovVarianceComponent,
  strikeShapeComponent,
} from '../../src/parity/components';
import { diffAlerts } from '../../src/parity/report';
import { scoreParity } from '../../src/parity/score';
import { formatWeights, parseOptionalWeights, parseWeights, WeightsFormatError } from '../../src/parity/weights';
import type { SnapshotSummary } from '../../src/parity/snapshot';
import { makeIndex, makeSnapshot } from './fixtures';

const full = (): SnapshotSummary => makeSnapshot();

describe('identical snapshots', () => {
  it.each(COMPONENT_NAMES)('score 1.0 on %s', (name) => {
    const c = computeComponents(full(), full())[name];
    expect(c.value).toBe(1);
  });

  it('score 1.0 overall with every component present', () => {
    const r = scoreParity(full(), full());
    expect(r.score).toBe(1);
    expect(r.missing).toEqual([]);
    expect(Object.keys(r.components)).toEqual([...COMPONENT_NAMES]);
  });

  it('ignore generated_at and cycle', () => {
    const b = { ...full(), generated_at: '2030-01-01T00:00:00Z', cycle: 99 };
    expect(scoreParity(full(), b).score).toBe(1);
  });
});

describe('disjoint snapshots score 0', () => {
  const empty = (names: string[]): SnapshotSummary =>
    makeSnapshot(names.map((n) => makeIndex(n, { perStrike: 0, coverage: 0 })), {});

  it.each<[string, (a: SnapshotSummary, b: SnapshotSummary) => { value?: number }, SnapshotSummary, SnapshotSummary]>([
    ['index_count: no index in common', indexCountComponent, makeSnapshot([makeIndex('NIFTY')]), makeSnapshot([makeIndex('SENSEX')])],
    ['option_count: options on one side only', optionCountComponent, full(), empty(['NIFTY'])],
    ['alerts: every category on one side only', alertsComponent, makeSnapshot(undefined, { a: 3 }), makeSnapshot(undefined, { b: 2 })],
    ['strike_coverage: full against none', strikeCoverageComponent, makeSnapshot([makeIndex('NIFTY', { coverage: 1 })]), makeSnapshot([makeIndex('NIFTY', { coverage: 0 })])],
    ['strike_shape: same index, no strike in common', strikeShapeComponent, makeSnapshot([makeIndex('NIFTY', { depth: 0 })]), makeSnapshot([makeIndex('BANKNIFTY', { depth: 0 })].map((i) => ({ ...i, index: 'NIFTY' })))],
    ['strike_cov_variance: maximal spread against none', strikeCovVarianceComponent, makeSnapshot([makeIndex('NIFTY', { coverage: 0 }), makeIndex('SENSEX', { coverage: 1 })]), makeSnapshot([makeIndex('NIFTY', { coverage: 1 }), makeIndex('SENSEX', { coverage: 1 })])],
  ])('%s', (_name, fn, a, b) => {
    expect(fn(a, b).value).toBe(0);
  });
});

describe('components in between', () => {
  it('index_count equals the count ratio when one side is a subset', () => {
    const a = full();
    const b = makeSnapshot(a.indices.slice(0, 4));
    expect(indexCountComponent(a, b).value).toBeCloseTo(0.8, 10);
    expect(indexCountComponent(b, a).value).toBeCloseTo(0.8, 10);
  });

  it('option_count is symmetric', () => {
    const a = makeSnapshot([makeIndex('NIFTY', { perStrike: 4 })]);
    const b = makeSnapshot([makeIndex('NIFTY', { perStrike: 2 })]);
    expect(optionCountComponent(a, b).value).toBeCloseTo(0.5, 10);
    expect(optionCountComponent(b, a).value).toBeCloseTo(0.5, 10);
  });

  it('alerts normalise symmetrically and skip zero-on-both-sides categories', () => {
    const a = makeSnapshot(undefined, { x: 2, y: 0, z: 0 });
    const b = makeSnapshot(undefined, { x: 3, y: 0 });
    const r = alertsComponent(a, b);
    expect(r.details.compared_categories).toBe(1);
    expect(r.value).toBeCloseTo(1 - 1 / 3, 6);
    expect(alertsComponent(b, a).value).toBeCloseTo(r.value!, 10);
  });

  it('alert category weights shift the alerts component', () => {
    const a = makeSnapshot(undefined, { x: 1, y: 1 });
    const b = makeSnapshot(undefined, { x: 1 });
    expect(alertsComponent(a, b).value).toBeCloseTo(0.5, 10);
    expect(alertsComponent(a, b, { alertWeights: { y: 3 } }).value).toBeCloseTo(0.25, 10);
  });

  it('alerts without any alert on either side are in full agreement', () => {
    expect(alertsComponent(makeSnapshot(undefined, {}), makeSnapshot(undefined, { x: 0 })).value).toBe(1);
  });

  it('strike_shape keys by strike: the same counts on shifted strikes differ', () => {
    const a = makeSnapshot([makeIndex('NIFTY', { depth: 1 })]);
    const b = structuredClone(a);
    const e = b.indices[0]!.expiries[0]!;
    e.strike_counts = { '24800': 2, '24850': 2, '24900': 2 }; // shifted one step up: 2 of 3 strikes overlap
    expect(strikeShapeComponent(a, b).value).toBeCloseTo(2 / 3, 6);
  });

  it('strike_shape matches "24800" and "24800.0" as one strike', () => {
    const a = makeSnapshot([makeIndex('NIFTY', { depth: 0 })]);
    const b = structuredClone(a);
    b.indices[0]!.expiries[0]!.strike_counts = { '24800.0': 2 };
    expect(strikeShapeComponent(a, b).value).toBe(1);
  });
});

describe('missing components', () => {
  it('strike_cov_variance is missing with fewer than 2 indices and the weights renormalise', () => {
    const a = makeSnapshot([makeIndex('NIFTY')]);
    const r = scoreParity(a, structuredClone(a));
    expect(r.missing).toEqual(['strike_cov_variance']);
    expect(r.components.strike_cov_variance).toBeUndefined();
    expect(r.weights.strike_cov_variance).toBeUndefined();
    expect(Object.values(r.weights).reduce((s, w) => s + (w ?? 0), 0)).toBeCloseTo(1, 5);
    expect(r.score).toBe(1);
    expect(r.details.strike_cov_variance?.missing_reason).toMatch(/2 indices/);
  });

  it('snapshots without indices miss the coverage and shape components but still score within [0, 1]', () => {
    const a = makeSnapshot([], { x: 1 });
    const r = scoreParity(a, makeSnapshot([], {}));
    expect(r.missing).toEqual(['strike_coverage', 'strike_shape', 'strike_cov_variance']);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
  });
});

describe('weights', () => {
  const a = makeSnapshot(undefined, { x: 2 });
  const b = makeSnapshot(undefined, {});

  it('renormalise over present components so the score stays in [0, 1]', () => {
    const r = scoreParity(a, b, { weights: { alerts: 10, index_count: 5 } });
    expect(Object.values(r.weights).reduce((s, w) => s + (w ?? 0), 0)).toBeCloseTo(1, 5);
    expect(r.weights.alerts).toBeCloseTo(10 / 19, 6);
    expect(r.score).toBeCloseTo(1 - 10 / 19, 6);
  });

  it('give unlisted components weight 1', () => {
    const r = scoreParity(a, b, { weights: { alerts: 0 } });
    expect(r.weights.alerts).toBe(0);
    expect(r.score).toBe(1);
  });

  it('score 0 when every present component weighs 0', () => {
    const zero = Object.fromEntries(COMPONENT_NAMES.map((c) => [c, 0]));
    const r = scoreParity(a, a, { weights: zero });
    expect(r.score).toBe(0);
    expect(r.details).toHaveProperty('weighting');
  });

  it('parse and format round-trip', () => {
    const w = { index_count: 0.1, alerts: 0.333333, strike_shape: 1e-7 };
    expect(parseWeights(formatWeights(w, COMPONENT_NAMES))).toEqual(w);
    expect(formatWeights(w, COMPONENT_NAMES)).toBe('index_count:0.1,alerts:0.333333,strike_shape:0.0000001');
  });

  it.each([
    ['', /empty/],
    ['alerts=1', /no ":"/],
    ['alerts:-1', /non-negative/],
    ['alerts:abc', /non-negative/],
    ['alerts:1,alerts:2', /twice/],
    ['bogus:1', /unknown component/],
    ['Alerts:1', /lower_snake_case/],
  ])('reject %j', (text, message) => {
    expect(() => parseWeights(text, COMPONENT_NAMES)).toThrow(WeightsFormatError);
    expect(() => parseWeights(text, COMPONENT_NAMES)).toThrow(message);
  });

  it('accept whitespace around items', () => {
    expect(parseWeights(' alerts : 2 , index_count:1 ', COMPONENT_NAMES)).toEqual({ alerts: 2, index_count: 1 });
  });

  it('optional weights: blank text is undefined, anything else goes through parseWeights', () => {
    expect(parseOptionalWeights('')).toBeUndefined();
    expect(parseOptionalWeights(' \t ', COMPONENT_NAMES)).toBeUndefined();
    expect(parseOptionalWeights(' alerts:2 ', COMPONENT_NAMES)).toEqual({ alerts: 2 });
    expect(() => parseOptionalWeights('bogus:1', COMPONENT_NAMES)).toThrow(/unknown component/);
    expect(() => parseOptionalWeights(',')).toThrow(WeightsFormatError);
  });
});

describe('alert diff', () => {
  const a = makeSnapshot(undefined, { expiry_empty: 1, low_field_coverage: 2, stale_quote: 0 });
  const b = makeSnapshot(undefined, { expiry_empty: 3, low_field_coverage: 2, index_empty: 0 });

  it('lists every category, counts those non-zero on a side, and takes the norm from the alerts component', () => {
    const d = diffAlerts(a, b, scoreParity(a, b));
    expect(Object.keys(d.categories)).toEqual(['expiry_empty', 'index_empty', 'low_field_coverage', 'stale_quote']);
    expect(d.categories.expiry_empty).toEqual({ baseline: 1, candidate: 3, delta: 2 });
    expect(d.changed).toEqual(['expiry_empty']);
    expect(d.compared_count).toBe(2);
    expect(d.weighted_diff_norm).toBe(0.333333);
  });

  it('still counts the compared categories when they all weigh 0 (alerts missing)', () => {
    const d = diffAlerts(a, b, scoreParity(a, b, { alertWeights: { expiry_empty: 0, low_field_coverage: 0 } }));
    expect(d.compared_count).toBe(2);
    expect(d.weighted_diff_norm).toBeNull();
  });

  it('compares nothing when no category has a count', () => {
    const none = makeSnapshot(undefined, {});
    expect(diffAlerts(none, none, scoreParity(none, none))).toEqual({ categories: {}, changed: [], compared_count: 0, weighted_diff_norm: 0 });
  });
});
