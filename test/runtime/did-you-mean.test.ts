/** Edit distance and the nearest-name suggestion behind "did you mean". */
import { closestName, editDistance } from '../../src/runtime/did-you-mean';

describe('editDistance', () => {
  it.each([
    ['identical names are 0 apart', 'G6_SEED', 'G6_SEED', 0],
    ['a missing character is 1', 'G6_SED', 'G6_SEED', 1],
    ['an extra character is 1', 'G6_SEEDS', 'G6_SEED', 1],
    ['a changed character is 1', 'G6_SEAD', 'G6_SEED', 1],
    ['two swapped neighbours are 1', 'CYCELS', 'CYCLES', 1],
    ['the empty string is as far as the other is long', '', 'abc', 3],
    ['case counts', 'g6_seed', 'G6_SEED', 5],
    ['kitten to sitting is 3', 'kitten', 'sitting', 3],
  ])('%s', (_name, a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestName', () => {
  it.each([
    ['the nearest candidate wins', 'G6_CYCELS', ['G6_CYCLES', 'G6_SEED'], 'G6_CYCLES'],
    ['nothing when every candidate is too far', 'G6_ZZZ', ['G6_CYCLES', 'G6_SEED'], undefined],
    ['a tie goes to the alphabetically first', 'ab', ['ac', 'aa'], 'aa'],
    ['longer names allow a quarter of their length in edits', 'G6_PARITY_ROLING_WINDW', ['G6_PARITY_ROLLING_WINDOW'], 'G6_PARITY_ROLLING_WINDOW'],
    ['short names allow two edits, not three', 'abc', ['xyz', 'axy'], 'axy'],
  ])('%s', (_name, name, candidates, expected) => {
    expect(closestName(name, candidates)).toBe(expected);
  });
});
