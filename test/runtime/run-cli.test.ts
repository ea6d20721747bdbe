/** `g6 run` end to end: the real bin/g6 process, its exit codes, /metrics against the spec, promtool. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRIC_DEFINITIONS } from '../../generated/metrics';
import { parseExposition } from '../../src/gate/exposition';
import { CONFIG_KEYS } from '../../src/runtime/config-keys';
import { G6_BIN, REPO_ROOT, runG6 } from '../support/cli';
import { fetchText, startG6Run } from './run-process';

const PROMTOOL = '/usr/bin/promtool';
/** Unsets every G6_* variable of the test's own environment, for tests that assert all of stderr. */
const WITHOUT_G6 = Object.fromEntries(Object.keys(process.env).flatMap((k) => (k.startsWith('G6_') ? [[k, undefined]] : [])));

describe('g6 run (real process)', () => {
  it('runs 3 cycles on an ephemeral port; /metrics carries every spec metric with its type and labels; promtool finds no problem', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-run-'));
    const child = spawn(process.execPath, [G6_BIN, 'run', '--cycles', '3', '--listen', '127.0.0.1:0', '--interval', '0', '--linger', '60', '--data-dir', dataDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const lingering = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('(linger)')) resolve();
      });
      child.on('close', () => reject(new Error(`g6 run exited early:\n${stderr}`)));
    });
    try {
      await lingering;
      const address = /listening on http:\/\/(\S+)/.exec(stderr)?.[1];
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(stderr).toMatch(/cycle 3\/3 ok=\d+ partial=\d+ empty=\d+ rows=\d+/);
      const res = await fetchText(`http://${address}/metrics`);
      expect(res.status).toBe(200);
      expect(res.type).toContain('text/plain');
      const expo = parseExposition(res.body);
      expect(expo.issues).toEqual([]);
      const problems: string[] = [];
      for (const def of Object.values(METRIC_DEFINITIONS)) {
        const type = expo.types.get(def.name);
        if (type !== def.type) {
          problems.push(`${def.name}: TYPE ${type ?? 'missing'}, spec ${def.type}`);
          continue;
        }
        const own = expo.samples.filter((s) => s.name === def.name || (def.type === 'histogram' && /^(.*)_(bucket|sum|count)$/.exec(s.name)?.[1] === def.name));
        if (def.labels.length === 0 || Object.keys(def.labelValues).length > 0) if (own.length === 0) problems.push(`${def.name}: no samples`);
        for (const s of own) {
          const names = Object.keys(s.labels).filter((l) => l !== 'le').sort();
          if (names.join(',') !== [...def.labels].sort().join(',')) problems.push(`${def.name}: sample labels ${names.join(',')} != spec ${def.labels.join(',')}`);
        }
      }
      // and nothing that is not in the spec
      for (const name of expo.types.keys()) if (!(name in METRIC_DEFINITIONS)) problems.push(`${name}: not in the spec`);
      expect(problems).toEqual([]);
      const sum = (name: string): number => expo.samples.filter((s) => s.name === name).length;
      expect(sum('g6_pipeline_cycles_total')).toBe(1);
      expect(res.body).toMatch(/^g6_pipeline_cycles_total 3$/m);
      expect(res.body).toMatch(/^g6_provider_mode\{mode="sim"\} 1$/m);

      const status = JSON.parse((await fetchText(`http://${address}/api/status`)).body);
      expect(status).toMatchObject({ cycle: 3, provider: { source: 'sim' }, last_cycle: { cycle: 3, failed: false } });
      expect((await fetchText(`http://${address}/healthz`)).status).toBe(200);
      const hello = await new Promise<string>((resolve, reject) => {
        const req = get(`http://${address}/events`, (r) => {
          expect(r.headers['content-type']).toBe('text/event-stream');
          r.setEncoding('utf8');
          r.once('data', (d: string) => {
            resolve(d);
            req.destroy();
          });
        });
        req.on('error', reject);
      });
      expect(hello).toMatch(/^retry: 2000\nevent: hello\ndata: \{/);

      if (!existsSync(PROMTOOL)) throw new Error('promtool not found: apt-get install -y prometheus');
      const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: res.body, encoding: 'utf8' });
      expect({ code: check.status, out: `${check.stdout}${check.stderr}` }).toEqual({ code: 0, out: '' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped after 3 cycle(s)');
    // storage and panels landed
    const indices = readdirSync(join(dataDir, 'options')).sort();
    expect(indices).toEqual(['BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY', 'NIFTY', 'SENSEX']);
    const csv = readFileSync(join(dataDir, 'options', 'NIFTY', readdirSync(join(dataDir, 'options', 'NIFTY'))[0] as string), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^timestamp,date,index,/);
    expect(csv.endsWith('\n')).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'panels', 'manifest.json'), 'utf8')).files).toHaveLength(9);
  });

  it('replays byte-identical data files for the same seed and simulated start', () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'g6-replay-')));
    for (const d of dirs) {
      const r = runG6(['run', '--cycles', '2', '--interval', '0', '--listen', '', '--seed', '42', '--data-dir', d], { env: { G6_SIMULATED_START: '2025-11-03T04:00:00Z' } });
      expect(r.code).toBe(0);
    }
    const a = readFileSync(join(dirs[0] as string, 'options', 'NIFTY', '2025-11-03.csv'));
    const b = readFileSync(join(dirs[1] as string, 'options', 'NIFTY', '2025-11-03.csv'));
    expect(a.length).toBeGreaterThan(1000);
    expect(b.equals(a)).toBe(true);
  });

  it('--print-config shows the merged config as JSON', () => {
    const r = runG6(['run', '--print-config', '--seed', '5', '--cycles', '2'], { env: { G6_INTERVAL_SECONDS: '7', G6_PANELS_LEGACY_COMPAT: 'yes' } });
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg).toMatchObject({ seed: 5, cycles: 2, intervalSeconds: 7, panels: { legacyCompat: true }, provider: 'sim' });
  });

  it('--print-config output is a config file that resolves to itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'g6-print-'));
    const first = runG6(['run', '--print-config', '--seed', '5', '--storage-format', 'ndjson'], { cwd: dir, env: { G6_HOLIDAYS: '2025-11-05', G6_PANELS_LEGACY_COMPAT: '1' } });
    expect(first.code).toBe(0);
    writeFileSync(join(dir, 'printed.json'), first.stdout);
    const again = runG6(['run', '--print-config', '--config', 'printed.json'], { cwd: dir, env: WITHOUT_G6 });
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(first.stdout));
    expect(JSON.parse(again.stdout)).toMatchObject({ seed: 5, storage: { format: 'ndjson' }, holidays: ['2025-11-05'], panels: { legacyCompat: true } });
  });

  it('--help lists one option per flag of the config table, with its default and variable', () => {
    const help = runG6(['run', '--help']).stdout.replace(/\s+/g, ' ');
    for (const key of CONFIG_KEYS.filter((k) => k.flag)) {
      expect(help).toContain(`${key.flag?.name} <${key.flag?.arg}>`);
      expect(help).toContain(key.env);
    }
    expect(help).toContain('--interval <sec> seconds between cycle starts (the only interval); 0 = back to back (default 30; G6_INTERVAL_SECONDS)');
  });

  it('warns about an unknown G6_* variable on stderr, with the nearest name, and still runs', () => {
    const r = runG6(['run', '--print-config'], { env: { ...WITHOUT_G6, G6_CYCELS: '3', G6_DEBUG: '1' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('g6 run: warning: G6_CYCELS is not a variable g6 reads, so it is ignored; did you mean G6_CYCLES?\n');
    expect(JSON.parse(r.stdout).cycles).toBe(0);
  });

  it('exits 3 listing every configuration problem at once, each with its source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'g6-problems-'));
    writeFileSync(join(dir, 'run.yml'), 'cycels: 3\nstorage:\n  format: parquet\n');
    const r = runG6(['run', '--config', 'run.yml', '--cycles', 'x', '--listen', ''], { cwd: dir, env: { ...WITHOUT_G6, G6_SEED: 'abc' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      [
        'g6: 4 configuration problems:',
        '  config cycels (from config file run.yml): unknown key (did you mean cycles?); correct or remove cycels in run.yml (docs/runtime.md lists the keys)',
        '  config storage.format (from config file run.yml): expected "csv" or "ndjson", got "parquet"; fix storage.format in run.yml',
        '  config seed (from environment G6_SEED): expected an integer >= 0, got "abc"; fix or unset G6_SEED',
        '  config cycles (from flag --cycles): expected an integer >= 0, got "x"; fix the value of --cycles',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['--interval', 'soon'], {}, /config intervalSeconds \(from flag --interval\): expected a number/],
    [[], { G6_STORAGE_FORMAT: 'parquet' }, /storage.format \(from environment G6_STORAGE_FORMAT\)/],
    [['--provider', './nope.js:make'], {}, /provider \.\/nope\.js:make: cannot load module/],
  ])('exits 3 for bad config or provider %j %j', (args, env, message) => {
    const r = runG6(['run', '--cycles', '1', '--listen', '', ...args], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('exits 3 naming the contract when a plugin lacks it, and runs a plugin that has it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'g6-plugin-'));
    writeFileSync(join(dir, 'bad.js'), 'exports.make = () => ({ hello() {} });\n');
    const bad = runG6(['run', '--cycles', '1', '--listen', '', '--provider', './bad.js:make', '--data-dir', join(dir, 'd1')], { cwd: dir });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/must provide fetchOptionChain\(index, expiry, strikes\) and getAtmStrike\(index\), or getOptionChainSnapshot\(\); it has hello/);
    writeFileSync(
      join(dir, 'good.js'),
      `let calls = 0;
       exports.createProvider = () => { calls++; if (calls > 1) throw new Error('factory called twice'); return {
         source: 'fake',
         getAtmStrike: async () => 24800,
         fetchOptionChain: async (index, expiry, strikes) => strikes.flatMap((k) => ['CE', 'PE'].map((type) => ({ strike: k, type, ltp: 100, bid: 99, ask: 101, volume: 10, oi: 100 }))),
       }; };\n`,
    );
    const good = runG6(['run', '--cycles', '2', '--interval', '0', '--listen', '', '--provider', './good.js:createProvider', '--data-dir', join(dir, 'd2')], { cwd: dir });
    expect(good.stderr).toMatch(/cycle 2\/2 ok=\d+ partial=\d+ empty=0/);
    expect(good.code).toBe(0);
    const csv = readFileSync(join(dir, 'd2', 'options', 'NIFTY', readdirSync(join(dir, 'd2', 'options', 'NIFTY'))[0] as string), 'utf8');
    expect(csv.split('\n')[1]).toMatch(/,fake$/);
  });

  it('with --interval 0 and no cycle limit still answers HTTP between cycles and stops on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [G6_BIN, 'run', '--cycles', '0', '--listen', '127.0.0.1:0', '--interval', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'g6-busy-'))], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const running = new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (/cycle 3\/∞/.test(stderr)) resolve();
      });
    });
    // a starved event loop would ignore SIGTERM: never leave the child behind
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      await running;
      const address = /listening on http:\/\/(\S+)/.exec(stderr)?.[1];
      const health = await Promise.race([fetchText(`http://${address}/healthz`), new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      expect(health?.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/SIGTERM received/);
      expect(stderr).toMatch(/\(signal\)/);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  }, 40_000);

  it('exits 4 after K consecutive failed cycles', () => {
    const r = runG6(['run', '--cycles', '10', '--interval', '0', '--listen', '', '--max-failures', '2', '--data-dir', mkdtempSync(join(tmpdir(), 'g6-fail-'))], {
      env: { G6_FAULT_EMPTY_RATE: '1', G6_RETRY_MAX_ATTEMPTS: '1' },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/2 consecutive failed cycles/);
    expect(r.stderr).toContain('stopped after 2 cycle(s) (failed)');
  });

  it('a second SIGTERM stops a stuck cycle at once with exit 4', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g6-run-stuck-'));
    // every provider call hangs for a minute and the phase timeout is longer still
    const run = await startG6Run(['--cycles', '0', '--interval', '0', '--listen', '127.0.0.1:0', '--data-dir', dir], {
      G6_FAULT_TIMEOUT_RATE: '1',
      G6_FAULT_TIMEOUT_DELAY_MS: '60000',
      G6_PHASE_TIMEOUT_MS: '120000',
    });
    const guard = setTimeout(() => run.child.pid !== undefined && run.child.kill('SIGKILL'), 20_000);
    try {
      run.child.kill('SIGTERM');
      await run.waitFor(/finishing the current cycle/);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(4);
      expect(run.stderr()).toMatch(/second SIGTERM; stopping now/);
    } finally {
      clearTimeout(guard);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
