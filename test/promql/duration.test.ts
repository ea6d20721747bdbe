/** duration: length, canonical spelling and order of PromQL durations. */
import { canonicalDuration, compareDurations, durationMs } from '../../src/promql/duration';

test.each([
  ['5m', 300_000],
  ['1h30m', 5_400_000],
  ['300', 300_000],
  ['1.5', 1500],
  ['250ms', 250],
  ['1w', 604_800_000],
  ['5x', undefined],
  ['m5', undefined],
  ['', undefined],
])('durationMs(%j) is %s', (text, ms) => {
  expect(durationMs(text)).toBe(ms);
});

test.each([
  ['300s', '5m'],
  ['90m', '1h30m'],
  ['1d', '1d'],
  ['1w', '7d'],
  ['0m', '0s'],
  [' $x ', '$x'],
])('canonicalDuration(%j) is %s', (text, canonical) => {
  expect(canonicalDuration(text)).toBe(canonical);
});

test('durations sort by length, then by text', () => {
  expect(['1h', '30m', '5m', '300s', '2m'].sort(compareDurations)).toEqual(['2m', '300s', '5m', '30m', '1h']);
});
