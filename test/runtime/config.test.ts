/** Configuration: precedence defaults < file < env < flags, boolean words, every problem at once naming key, source and fix, unknown variables. */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors';
import { loadRuntimeConfig, parseBoolean, unknownVariableWarnings, type ConfigSources } from '../../src/runtime/config';
import { EARLIER_VARIABLES } from '../../src/runtime/config-keys';
import { REPO_ROOT } from '../support/cli';

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
    [{ G6_SEED: 'abc' }, /^config seed \(from environment G6_SEED\): expected an integer >= 0, got "abc"; fix or unset G6_SEED$/],
    [{ G6_MARKET_HOURS_ONLY: 'maybe' }, /marketHoursOnly \(from environment G6_MARKET_HOURS_ONLY\): expected a boolean/],
    [{ G6_FAULT_ERROR_RATE: '2' }, /faults.error .*between 0 and 1/],
    [{ G6_PROVIDER: 'nonsense' }, /provider \(from environment G6_PROVIDER\): .*cannot find module "nonsense"/],
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

  it('reads an alias only when the variable itself is unset or empty', () => {
    const provider = (env: NodeJS.ProcessEnv): string => loadRuntimeConfig({ cwd: dir, env, flags: {} }).provider;
    expect(provider({ G6_OPTION_CHAIN_PROVIDER: './a.js:make' })).toBe('./a.js:make');
    expect(provider({ G6_PROVIDER: '', G6_OPTION_CHAIN_PROVIDER: './a.js:make' })).toBe('./a.js:make');
    expect(provider({ G6_PROVIDER: './b.js:make', G6_OPTION_CHAIN_PROVIDER: './a.js:make' })).toBe('./b.js:make');
  });

  it('reports an unreadable config file with its path', () => {
    expect(() => loadRuntimeConfig({ file: 'missing.json', cwd: dir, env: {}, flags: {} })).toThrow(/cannot read config file .*missing.json/);
  });
});

/** The problems `loadRuntimeConfig` throws, one string each (the count line dropped). */
function problemsOf(sources: ConfigSources): string[] {
  try {
    loadRuntimeConfig(sources);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const lines = (err as Error).message.split('\n');
    return lines.length === 1 ? lines : lines.slice(1).map((l) => l.replace(/^ {2}/, ''));
  }
  throw new Error('expected configuration problems');
}

describe('loadRuntimeConfig reports every problem at once', () => {
  it('lists the bad file keys, variables and flags together, each naming its source and the fix', () => {
    writeFileSync(join(dir, 'many.yml'), 'cycels: 3\nseed: -1\nretry: 5\nindices:\n  - name: NIFTY\n    strikeStp: 4\n  - name: NIFTY\n');
    const sources = { file: 'many.yml', cwd: dir, env: { G6_FAULT_ERROR_RATE: '2', G6_MARKET_HOURS_ONLY: 'maybe' }, flags: { intervalSeconds: 'soon', provider: 'nonsense' } };
    expect(() => loadRuntimeConfig(sources)).toThrow(/^9 configuration problems:\n/);
    expect(problemsOf(sources)).toEqual([
      'config cycels (from config file many.yml): unknown key (did you mean cycles?); correct or remove cycels in many.yml (docs/runtime.md lists the keys)',
      'config seed (from config file many.yml): expected an integer >= 0, got -1; fix seed in many.yml',
      'config retry (from config file many.yml): expected a mapping of retry.maxAttempts, retry.baseMs, retry.jitterMs, retry.capMs; fix retry in many.yml',
      'config indices[0].strikeStp (from config file many.yml): unknown key (did you mean strikeStep?); correct or remove indices[0].strikeStp in many.yml (docs/runtime.md lists the keys)',
      'config indices[1].name (from config file many.yml): index NIFTY is listed twice; fix indices[1].name in many.yml',
      'config marketHoursOnly (from environment G6_MARKET_HOURS_ONLY): expected a boolean (true/false, 1/0, yes/no, on/off), got "maybe"; fix or unset G6_MARKET_HOURS_ONLY',
      'config faults.error (from environment G6_FAULT_ERROR_RATE): expected a number between 0 and 1, got "2"; fix or unset G6_FAULT_ERROR_RATE',
      'config intervalSeconds (from flag --interval): expected a number >= 0, got "soon"; fix the value of --interval',
      // checks run last, on the merged config: the flag's value, named by the flag
      'config provider (from flag --provider): expected "sim", "kite", <module>:<export>, or a module that loads from the working directory; cannot find module "nonsense"; fix the value of --provider',
    ]);
  });

  it('reports a value overridden by a later source too, so no bad line hides behind a flag', () => {
    expect(problemsOf({ cwd: dir, env: { G6_SEED: 'x' }, flags: { seed: '7', cycles: '-2' } })).toEqual([
      'config seed (from environment G6_SEED): expected an integer >= 0, got "x"; fix or unset G6_SEED',
      'config cycles (from flag --cycles): expected an integer >= 0, got "-2"; fix the value of --cycles',
    ]);
  });

  it('checks the value of the last source that set a key, and only once a source set it well', () => {
    writeFileSync(join(dir, 'provider.json'), JSON.stringify({ provider: 5 }));
    expect(problemsOf({ file: 'provider.json', cwd: dir, env: { G6_PROVIDER: 'nonsense' }, flags: {} })).toEqual([
      'config provider (from config file provider.json): expected a string, got 5; fix provider in provider.json',
      'config provider (from environment G6_PROVIDER): expected "sim", "kite", <module>:<export>, or a module that loads from the working directory; cannot find module "nonsense"; fix or unset G6_PROVIDER',
    ]);
    expect(problemsOf({ cwd: dir, env: { G6_HOLIDAYS: '2025-13' }, flags: {} })).toEqual([
      'config holidays (from environment G6_HOLIDAYS): expected YYYY-MM-DD dates, got "2025-13"; fix or unset G6_HOLIDAYS',
    ]);
  });

  it('names both keys and both sources when two keys contradict each other', () => {
    expect(problemsOf({ cwd: dir, env: { G6_IV_MAX: '0.005', G6_EMISSION_BATCH_MIN_SIZE: '6000' }, flags: {} })).toEqual([
      'config greeks.ivMin (from defaults): must be below greeks.ivMax (0.005, from environment G6_IV_MAX), got 0.01; set greeks.ivMin in the config file or G6_IV_MIN',
      'config batch.minSize (from environment G6_EMISSION_BATCH_MIN_SIZE): must not exceed batch.maxSize (5000, from defaults), got 6000; fix or unset G6_EMISSION_BATCH_MIN_SIZE',
    ]);
  });

  it('reports a config file that is not valid YAML next to the other sources', () => {
    writeFileSync(join(dir, 'broken.yml'), 'cycles: [1\n');
    const problems = problemsOf({ file: 'broken.yml', cwd: dir, env: { G6_LISTEN: 'localhost' }, flags: {} });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^config file broken.yml: not valid YAML: .* \(2:1\); fix the file or pass another with --config$/);
    expect(problems[1]).toBe('config listen (from environment G6_LISTEN): expected host:port such as 127.0.0.1:9108 (port 0 = any free port), got "localhost"; fix or unset G6_LISTEN');
  });
});

describe('unknownVariableWarnings', () => {
  it.each([
    ['a misspelt variable gets the nearest name', { G6_CYCELS: '3' }, ['G6_CYCELS is not a variable g6 reads, so it is ignored; did you mean G6_CYCLES?']],
    ['a name far from every known one gets the pointer to the docs', { G6_ZZZ: '1' }, ['G6_ZZZ is not a variable g6 reads, so it is ignored (docs/runtime.md lists the variables of g6 run)']],
    [
      'an earlier platform variable is warned about with its replacement',
      { G6_METRICS_FAIL_ON_DUP: '1' },
      ['G6_METRICS_FAIL_ON_DUP is a variable of the earlier platform: not read: g6 never fails on a duplicate registration; it counts it in g6_metric_duplicates_total, which the G6MetricDuplicateRegistration alert watches'],
    ],
    ['several are listed in name order', { G6_SED: '1', G6_LISEN: 'x' }, ['G6_LISEN is not a variable g6 reads, so it is ignored; did you mean G6_LISTEN?', 'G6_SED is not a variable g6 reads, so it is ignored; did you mean G6_SEED?']],
    ['variables, aliases and other programs\' names are not warned about', { G6_SEED: '1', G6_OPTION_CHAIN_PROVIDER: 'x', PATH: '/bin', g6_seed: '1', G6: '1' }, []],
    [
      'variables that other commands read are not warned about',
      { G6_DEBUG: '1', G6_ALERT_SEVERITY_MAP: '{}', G6_DASHBOARD_DIFF_VERBOSE: '1', G6_UPDATE_GOLDEN: '1', G6_CODE_CACHE: 'refresh', G6_BUILD_COMMIT: 'abc', G6_BENCH_RSS_CYCLES: '5' },
      [],
    ],
  ])('%s', (_name, env, warnings) => {
    expect(unknownVariableWarnings(env)).toEqual(warnings);
  });

  it('knows every G6_* name that src, bin, bench and the test harness mention', () => {
    // G6_BIN is a constant of test/support/cli.ts, not a variable; the earlier platform's are warned about on purpose
    const notVariables = new Set(['G6_BIN', ...Object.keys(EARLIER_VARIABLES)]);
    const names = new Set<string>();
    const scan = (path: string): void => {
      if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) scan(join(path, entry));
      else for (const m of readFileSync(path, 'utf8').matchAll(/\bG6_[A-Z0-9_]*[A-Z0-9]\b/g)) names.add(m[0]);
    };
    for (const root of ['src', 'bin', 'bench', 'test/support']) scan(join(REPO_ROOT, root));
    const env = Object.fromEntries([...names].filter((n) => !notVariables.has(n)).map((n) => [n, '1']));
    expect(Object.keys(env).length).toBeGreaterThan(60);
    expect(unknownVariableWarnings(env)).toEqual([]);
  });
});
