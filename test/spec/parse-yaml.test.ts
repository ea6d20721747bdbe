/** YAML reading: the types every input is read with, and positions of nodes. */
import { locate, parseYamlWithPositions } from '../../src/spec/parse-yaml';

describe('parseYamlWithPositions', () => {
  it('keeps date-like scalars as text and reads core types', () => {
    const parsed = parseYamlWithPositions('help: 2025-11-04\nat: 2025-11-04T09:15:00Z\nn: 0x10\nf: 1e3\nb: true\nz: ~\n', 'x.yml');
    expect(parsed.doc).toEqual({ help: '2025-11-04', at: '2025-11-04T09:15:00Z', n: 16, f: 1000, b: true, z: null });
  });

  it('applies << merge keys', () => {
    const parsed = parseYamlWithPositions('base: &b {owner: infra, budget: 5}\nfam:\n  <<: *b\n  budget: 7\n', 'x.yml');
    expect(parsed.doc).toEqual({ base: { owner: 'infra', budget: 5 }, fam: { owner: 'infra', budget: 7 } });
  });

  it('locates a value by JSON pointer after the fast parse', () => {
    const parsed = parseYamlWithPositions('a:\n  - x\n  - when: 2025-11-04\n', 'x.yml');
    expect(locate(parsed, '/a/1/when')).toEqual({ line: 3, column: 11 });
  });
});
