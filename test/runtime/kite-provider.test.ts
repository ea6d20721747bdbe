/**
 * `g6 run --provider kite`: the real bin/g6 with the official kiteconnect client against a
 * loopback Kite stand-in (its API root pointed there): instruments, quote keys and limits,
 * credentials and their aliases, and the error envelopes (TokenException, 429).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { istDate } from '../../src/runtime/market/calendar';
import { KITE_QUOTE_BATCH } from '../../src/runtime/providers/kite';
import { runG6 } from '../support/cli';
import { startKiteStandIn, type KiteStandIn } from '../support/kite-server';
import { runG6RunToExit, startG6Run } from './run-process';

jest.setTimeout(120_000);

const KEY = 'k3y';
const TOKEN = 't0ken';
/** Unsets every KITE_* of the test's own environment (runG6); the async runs set both credentials themselves. */
const NO_KITE = Object.fromEntries(Object.keys(process.env).flatMap((k) => (k.startsWith('KITE_') ? [[k, undefined]] : [])));

let kite: KiteStandIn;
beforeEach(async () => {
  kite = await startKiteStandIn({ apiKey: KEY, token: TOKEN });
});
afterEach(async () => {
  await kite.close();
});

/** Both credentials (an empty one counts as unset), the stand-in as API root, a fast quote rate. */
const kiteEnv = (extra: Record<string, string> = {}): Record<string, string> => ({ KITE_API_KEY: KEY, KITE_ACCESS_TOKEN: TOKEN, G6_KITE_API_ROOT: kite.root, G6_KITE_QUOTES_PER_SECOND: '50', ...extra });

/** Run `g6 run --provider kite <args>` to its end (asynchronously: the stand-in answers in this process). */
async function runKite(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'g6-kite-'));
  return { ...(await runG6RunToExit(['--provider', 'kite', '--listen', '', '--interval', '0', '--data-dir', dataDir, ...args], env)), dataDir };
}

describe('--provider kite (official client, loopback Kite)', () => {
  it('collects every index with source=kite: instruments once per exchange, SENSEX options on BFO, quotes in batches of at most 500, the documented headers', async () => {
    const r = await runKite(['--cycles', '2'], kiteEnv());
    expect(r.stderr).toMatch(/cycle 2\/2 ok=5 partial=0 empty=0 rows=\d+/);
    expect(r.code).toBe(0);
    const paths = kite.requests.map((q) => q.path);
    expect(paths.filter((p) => p.startsWith('/instruments/')).sort()).toEqual(['/instruments/BFO', '/instruments/NFO']);
    expect(new Set(kite.requests.map((q) => `${q.authorization}|${q.version}`))).toEqual(new Set([`token ${KEY}:${TOKEN}|3`]));
    const ltpKeys = new Set(kite.requests.filter((q) => q.path === '/quote/ltp').flatMap((q) => q.keys));
    expect([...ltpKeys].sort()).toEqual(['BSE:SENSEX', 'NSE:NIFTY 50', 'NSE:NIFTY BANK', 'NSE:NIFTY FIN SERVICE', 'NSE:NIFTY MIDCAP SELECT']);
    const quoteCalls = kite.requests.filter((q) => q.path === '/quote');
    expect(quoteCalls.length).toBeGreaterThan(0);
    for (const q of quoteCalls) expect(q.keys.length).toBeLessThanOrEqual(KITE_QUOTE_BATCH);
    const quoted = quoteCalls.flatMap((q) => q.keys);
    expect(quoted.filter((k) => k.includes('SENSEX')).every((k) => k.startsWith('BFO:'))).toBe(true);
    expect(quoted.filter((k) => !k.includes('SENSEX')).every((k) => k.startsWith('NFO:'))).toBe(true);
    const csv = readFileSync(join(r.dataDir, 'options', 'SENSEX', `${istDate(Date.now())}.csv`), 'utf8').trim().split('\n');
    const header = (csv[0] as string).split(',');
    const rows = csv.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((c) => c[header.indexOf('source')]))).toEqual(new Set(['kite']));
    expect(new Set(rows.map((c) => c[header.indexOf('exchange')]))).toEqual(new Set(['BFO']));
  });

  it('accepts the older variable names KITE_APIKEY and KITE_ACCESSTOKEN', async () => {
    const r = await runKite(['--cycles', '1'], { ...kiteEnv(), KITE_API_KEY: '', KITE_ACCESS_TOKEN: '', KITE_APIKEY: KEY, KITE_ACCESSTOKEN: TOKEN });
    expect(r.stderr).toMatch(/cycle 1\/1 ok=5/);
    expect(r.code).toBe(0);
  });

  it('exits 3 naming KITE_ACCESS_TOKEN when it is missing, without prompting', () => {
    const r = runG6(['run', '--provider', 'kite', '--cycles', '1', '--listen', ''], { env: { ...NO_KITE, KITE_API_KEY: KEY }, input: '' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--provider kite needs KITE_ACCESS_TOKEN (or KITE_ACCESSTOKEN) in the environment');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 naming the variable when Kite rejects the token (TokenException)', async () => {
    const r = await runKite(['--cycles', '1'], kiteEnv({ KITE_ACCESS_TOKEN: 'expired' }));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot start --provider kite: Kite TokenException: Incorrect `api_key` or `access_token`.; KITE_ACCESS_TOKEN was rejected');
  });

  it('retries a 429 with backoff and still collects the cycle (recoverable)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-kite-429-'));
    const run = await startG6Run(['--provider', 'kite', '--listen', '127.0.0.1:0', '--interval', '0', '--cycles', '0', '--data-dir', dataDir], kiteEnv());
    try {
      await run.waitFor(/cycle 1\//);
      kite.rateLimitNext = 1;
      await run.waitFor(/cycle \d+\/∞ ok=5 partial=0 empty=0 rows=\d+ alerts=\d+ errors=[1-9]/);
    } finally {
      expect(await run.stop()).toBe(0);
    }
    const errors = readdirSync(join(dataDir, 'errors')).map((f) => readFileSync(join(dataDir, 'errors', f), 'utf8')).join('');
    expect(errors).toMatch(/,recoverable,kite_rate_limited,Kite NetworkException: Too many requests,1/);
  });

  it('treats a token revoked mid-run as fatal for each index, so the run stops after --max-failures cycles (exit 4)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-kite-revoked-'));
    const run = await startG6Run(['--provider', 'kite', '--listen', '127.0.0.1:0', '--interval', '0', '--cycles', '0', '--max-failures', '2', '--data-dir', dataDir], kiteEnv());
    await run.waitFor(/cycle 1\//);
    kite.token = 'rotated';
    expect(await run.exited).toBe(4);
    expect(run.stderr()).toMatch(/2 consecutive failed cycles/);
    const errors = readdirSync(join(dataDir, 'errors')).map((f) => readFileSync(join(dataDir, 'errors', f), 'utf8')).join('');
    expect(errors).toMatch(/,fatal,kite_token,Kite TokenException/);
  });
});
