/** Option parsing shared by the parity and gate commands. */
import { UsageError } from '../../../src/core/errors';
import { parseIntOption } from '../../../src/cli/commands/parity-options';

describe('parseIntOption', () => {
  it.each([
    ['3', 1, 3],
    [' 3 ', 1, 3],
    ['007', 0, 7],
    ['0', 0, 0],
  ])('accepts %j (min %i) as %i', (text, min, n) => {
    expect(parseIntOption('--n', text, min)).toBe(n);
  });

  it.each(['', ' ', '-1', '+1', '1.5', '1.', '1e3', '0x10', '1_000', 'Infinity', '9007199254740993', '0'])('rejects %j with min 1 as a usage error', (text) => {
    expect(() => parseIntOption('--n', text, 1)).toThrow(UsageError);
    expect(() => parseIntOption('--n', text, 1)).toThrow(`--n must be an integer >= 1, got "${text}"`);
  });
});
