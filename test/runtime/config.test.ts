/** Configuration: precedence defaults < file < env < flags, boolean words, errors naming key and source. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors';
import { loadRuntimeConfig, parseBoolean } from '../../src/runtime/config';

const dir = mkdtempSync(join(tmpdir(), 'g6-config-'));

describe('loadRuntimeConfig', () => {
  it('applies file, then env, then flags', () => {
    writeFileSync(join(dir, 'c.yml'), 'cycles: 5\nseed: 9\nintervalSeconds: 2\nstorage:\n  format: ndjson\n');
    const c = loadRuntimeConfig({ file: 'c.yml', cwd: dir, env: { G6_SEED: '11', G6_INTERVAL_SECONDS: '3' }, flags: { intervalSeconds: '4' } });
    expect(c.cycles).toBe(5);
    expect(c.seed).toBe(11);
    expect(c.intervalSeconds).toBe(4);
    expect(c.storage.format).toBe('ndjson');
    expect(c.dataDir).toBe(join(dir, 'data'));
  });

  it.each(['0', 'false', 'no', 'off', 'FALSE'])('reads %s as false', (word) => {
    expect(parseBoolean(word)).toBe(false);
    writeFileSync(join(dir, 'legacy.json'), JSON.stringify({ panels: { legacyCompat: true } }));
    const c = loadRuntimeConfig({ file: 'legacy.json', cwd: dir, env: { G6_PANELS_LEGACY_COMPAT: word, G6_GREEKS_ENABLED: word }, flags: {} });
    expect(c.greeks.enabled).toBe(false);
    expect(c.panels.legacyCompat).toBe(false);
  });

  it.each(['1', 'true', 'yes', 'on', ' ON '])('reads %j as true', (word) => {
    expect(parseBoolean(word)).toBe(true);
    expect(loadRuntimeConfig({ cwd: dir, env: { G6_PANELS_LEGACY_COMPAT: word }, flags: {} }).panels.legacyCompat).toBe(true);
  });

  it.each([
    [{ G6_SEED: 'abc' }, /config seed \(from environment G6_SEED\): expected a number/],
    [{ G6_MARKET_HOURS_ONLY: 'maybe' }, /marketHoursOnly \(from environment G6_MARKET_HOURS_ONLY\): expected a boolean/],
    [{ G6_FAULT_ERROR_RATE: '2' }, /faults.error .*between 0 and 1/],
    [{ G6_PROVIDER: 'nonsense' }, /provider \(from environment G6_PROVIDER\)/],
    [{ G6_LISTEN: 'localhost' }, /listen .*host:port/],
  ])('rejects bad env %j naming key and source', (env, message) => {
    expect(() => loadRuntimeConfig({ cwd: dir, env, flags: {} })).toThrow(message);
    expect(() => loadRuntimeConfig({ cwd: dir, env, flags: {} })).toThrow(InputError);
  });

  it('rejects an unknown file key and a bad index entry', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ cycels: 3 }));
    expect(() => loadRuntimeConfig({ file: 'bad.json', cwd: dir, env: {}, flags: {} })).toThrow(/cycels \(from config file bad.json\): unknown key/);
    writeFileSync(join(dir, 'bad2.json'), JSON.stringify({ indices: [{ name: 'NIFTY', strikeStep: -5 }] }));
    expect(() => loadRuntimeConfig({ file: 'bad2.json', cwd: dir, env: {}, flags: {} })).toThrow(/indices\[0\].strikeStep/);
  });

  it('reports an unreadable config file with its path', () => {
    expect(() => loadRuntimeConfig({ file: 'missing.json', cwd: dir, env: {}, flags: {} })).toThrow(/cannot read config file .*missing.json/);
  });
});
