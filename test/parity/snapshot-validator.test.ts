/** The committed standalone validator matches snapshot.schema.json, and it rejects what the schema rejects. */
import { renderStandaloneValidator } from '../../src/output/standalone-validator';
import schema from '../../src/parity/snapshot.schema.json';
import { validateSnapshotSummary } from '../../src/parity/snapshot';
import { expectGolden } from '../support/golden';
import { makeSnapshot } from './fixtures';

describe('snapshot validator', () => {
  it('is current with snapshot.schema.json (regenerate with G6_UPDATE_GOLDEN=1)', () => {
    const text = renderStandaloneValidator({
      schemaPath: 'src/parity/snapshot.schema.json',
      schema,
      regenerate: 'G6_UPDATE_GOLDEN=1 npx jest test/parity/snapshot-validator.test.ts',
    });
    expectGolden('src/parity/snapshot-validate.generated.ts', text);
  });

  it('accepts a well-formed snapshot', () => {
    expect(validateSnapshotSummary(makeSnapshot())).toEqual([]);
  });

  it.each([
    ['wrong schema version', { schema_version: 2 }, '/schema_version', 'must be 1'],
    ['negative option total', { options_total: -1 }, '/options_total', 'must be >= 0'],
    ['unknown top-level key', { extra: true }, '/', 'unknown property "extra"'],
  ])('reports %s with its pointer', (_name, patch, pointer, message) => {
    const problems = validateSnapshotSummary({ ...makeSnapshot(), ...patch });
    expect(problems).toContainEqual({ pointer, message });
  });

  it('reports a bad status deep inside an index with a JSON pointer', () => {
    const snap = makeSnapshot() as unknown as { indices: Array<Record<string, unknown>> };
    snap.indices[1]!.status = 'BROKEN';
    const problems = validateSnapshotSummary(snap);
    expect(problems.map((p) => p.pointer)).toEqual(['/indices/1/status']);
  });

  it('rejects a non-numeric strike key', () => {
    const snap = makeSnapshot();
    snap.indices[0]!.expiries[0]!.strike_counts['ATM'] = 2;
    const problems = validateSnapshotSummary(snap);
    expect(problems.some((p) => p.pointer === '/indices/0/expiries/0/strike_counts' && /ATM/.test(p.message))).toBe(true);
  });
});
