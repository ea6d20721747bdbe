/**
 * `--provider kite`: Zerodha Kite Connect through the official `kiteconnect` client. Credentials
 * come from the environment only (never a prompt); instrument dumps are cached per exchange for
 * a TTL; each cycle's quotes are fetched up front in batches within Kite's documented limits.
 */
import type { Connect as KiteClient, Exchanges } from 'kiteconnect';
import { InputError } from '../../core/errors';
import type { IndexConfig, RuntimeConfig } from '../config';
import { IST_OFFSET_MS, resolveExpiryRules } from '../market/calendar';
import { buildStrikeLadder } from '../pipeline/chain';
import { PhaseFatalError, PhaseRecoverableError } from '../pipeline/errors';
import type { IndexQuote, OptionChainProvider, OptionQuote } from './types';

/** The credential variables, each with its older aliases (runtime.md §7); the first set one wins. */
export const KITE_CREDENTIALS = {
  apiKey: ['KITE_API_KEY', 'KITE_APIKEY'],
  accessToken: ['KITE_ACCESS_TOKEN', 'KITE_ACCESSTOKEN'],
} as const;

/** Quote key of each index's underlying; an index not listed uses `<exchange>:<name>`. */
export const KITE_UNDERLYING: Readonly<Record<string, string>> = {
  NIFTY: 'NSE:NIFTY 50',
  BANKNIFTY: 'NSE:NIFTY BANK',
  FINNIFTY: 'NSE:NIFTY FIN SERVICE',
  MIDCPNIFTY: 'NSE:NIFTY MIDCAP SELECT',
  SENSEX: 'BSE:SENSEX',
};

/** Instruments per call: full quotes 500, LTP 1,000 (Kite Connect v3). */
export const KITE_QUOTE_BATCH = 500;
export const KITE_LTP_BATCH = 1000;

/** What the client rejects with: Kite's error envelope (or the client's own NetworkException). */
interface KiteError {
  error_type?: string;
  message?: string;
}

type Credentials = { apiKey: string; accessToken: string; tokenVariable: string };

/** The credentials from `env`, or an InputError naming the variable to set. */
export function kiteCredentials(env: NodeJS.ProcessEnv): Credentials {
  const pick = (names: readonly string[]): [string, string] | undefined => {
    const name = names.find((n) => (env[n] ?? '') !== '');
    return name ? [name, env[name] as string] : undefined;
  };
  const key = pick(KITE_CREDENTIALS.apiKey);
  const token = pick(KITE_CREDENTIALS.accessToken);
  const missing = [key ? null : KITE_CREDENTIALS.apiKey, token ? null : KITE_CREDENTIALS.accessToken].filter((n) => n !== null);
  if (missing.length > 0)
    throw new InputError(
      `--provider kite needs ${missing.map((n) => `${n[0]} (or ${n.slice(1).join(', ')})`).join(' and ')} in the environment; export the app's API key and the day's access token from the Kite login flow (g6 never prompts)`,
    );
  return { apiKey: (key as [string, string])[1], accessToken: (token as [string, string])[1], tokenVariable: (token as [string, string])[0] };
}

/** Kite's error → the pipeline's taxonomy: token/permission/input are fatal, the rest (network, data, 429, 5xx, timeouts) recoverable. Pure. */
export function classifyKiteError(err: unknown): PhaseFatalError | PhaseRecoverableError {
  const e = (err ?? {}) as KiteError;
  const type = typeof e.error_type === 'string' ? e.error_type : 'GeneralException';
  const message = `Kite ${type}: ${e.message ?? String(err)}`;
  if (type === 'TokenException' || type === 'PermissionException' || type === 'InputException') return new PhaseFatalError(message, `kite_${type.replace('Exception', '').toLowerCase()}`);
  return new PhaseRecoverableError(message, /too many requests/i.test(message) ? 'kite_rate_limited' : `kite_${type.replace('Exception', '').toLowerCase()}`);
}

/** The `YYYY-MM-DD hh:mm:ss` IST time Kite sends, which the client parsed as local time, as epoch ms. */
function istEpoch(v: unknown): number | undefined {
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) return undefined;
  return Date.UTC(v.getFullYear(), v.getMonth(), v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds()) - IST_OFFSET_MS;
}

/** Spaces the calls of one rate-limited endpoint family at least `1000/perSecond` ms apart; a 429 adds a second. */
function rateLimiter(perSecond: number): { wait(): Promise<void>; penalize(): void } {
  const gap = 1000 / perSecond;
  let next = 0;
  return {
    async wait() {
      const now = Date.now();
      const at = Math.max(now, next);
      next = at + gap;
      if (at > now) await new Promise((r) => setTimeout(r, at - now));
    },
    penalize() {
      next = Math.max(next, Date.now()) + 1000;
    },
  };
}

interface Contract {
  key: string;
  strike: number;
  type: 'CE' | 'PE';
}

export interface KiteProviderOptions {
  config: RuntimeConfig;
  env: NodeJS.ProcessEnv;
}

/**
 * Build the provider and check the token with one LTP call of the underlyings. Throws InputError
 * (exit 3) when a credential is missing, the token or key is rejected, or Kite cannot be reached.
 */
export async function createKiteProvider(opts: KiteProviderOptions): Promise<OptionChainProvider> {
  const { config } = opts;
  const creds = kiteCredentials(opts.env);
  const { KiteConnect } = require('kiteconnect') as typeof import('kiteconnect');
  const kite: KiteClient = new KiteConnect({ api_key: creds.apiKey, access_token: creds.accessToken, root: config.kite.apiRoot, timeout: config.kite.timeoutMs });
  const quotesLimit = rateLimiter(config.kite.quotesPerSecond);
  const byName = new Map(config.indices.map((ix) => [ix.name, ix]));
  const underlying = (ix: IndexConfig): string => KITE_UNDERLYING[ix.name] ?? `${ix.exchange}:${ix.name}`;

  /** A quote-endpoint call: rate-limited, errors mapped onto the taxonomy. */
  const quoteCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    await quotesLimit.wait();
    try {
      return await fn();
    } catch (err) {
      const mapped = classifyKiteError(err);
      if (mapped.reason === 'kite_rate_limited') quotesLimit.penalize();
      throw mapped;
    }
  };
  const ltp = async (keys: readonly string[]): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    for (let i = 0; i < keys.length; i += KITE_LTP_BATCH) {
      const res = await quoteCall(() => kite.getLTP(keys.slice(i, i + KITE_LTP_BATCH)));
      for (const [k, v] of Object.entries(res)) out.set(k, v.last_price);
    }
    return out;
  };

  try {
    await ltp(config.indices.map(underlying));
  } catch (err) {
    const e = err as PhaseFatalError | PhaseRecoverableError;
    const fix =
      e.reason === 'kite_token'
        ? `${creds.tokenVariable} was rejected; export a fresh access token from today's Kite login`
        : e.reason === 'kite_permission'
          ? `the app of KITE_API_KEY lacks market-data permission; check its Kite Connect subscription`
          : `check the network and ${config.kite.apiRoot} (kite.apiRoot)`;
    throw new InputError(`cannot start --provider kite: ${e.message}; ${fix}`);
  }

  // instrument dumps per option exchange: index → expiry → contracts
  const dumps = new Map<string, { at: number; chains: Map<string, Map<string, Contract[]>> }>();
  const exchangeChains = async (exchange: string, now: number): Promise<Map<string, Map<string, Contract[]>>> => {
    const cached = dumps.get(exchange);
    if (cached && now - cached.at < config.kite.instrumentsTtlSeconds * 1000) return cached.chains;
    let list: Awaited<ReturnType<KiteClient['getInstruments']>>;
    try {
      list = await kite.getInstruments(exchange as Exchanges);
    } catch (err) {
      throw classifyKiteError(err);
    }
    const chains = new Map<string, Map<string, Contract[]>>();
    for (const it of list) {
      const type = it.instrument_type;
      if ((type !== 'CE' && type !== 'PE') || !byName.has(it.name) || !(it.expiry instanceof Date)) continue;
      const expiry = it.expiry.toISOString().slice(0, 10);
      let byExpiry = chains.get(it.name);
      if (!byExpiry) chains.set(it.name, (byExpiry = new Map()));
      let contracts = byExpiry.get(expiry);
      if (!contracts) byExpiry.set(expiry, (contracts = []));
      contracts.push({ key: `${exchange}:${it.tradingsymbol}`, strike: Number(it.strike), type });
    }
    dumps.set(exchange, { at: now, chains });
    return chains;
  };

  // the cycle's state: spots, listed expiries and quotes, or the error that stopped the cycle
  let spots = new Map<string, number>();
  let listed = new Map<string, Map<string, Contract[]>>();
  let quotes = new Map<string, OptionQuote>();
  let cycleError: Error | null = null;
  let cycleTime = 0;
  const toQuote = (c: Contract, expiry: string, q: Awaited<ReturnType<KiteClient['getQuote']>>[string]): OptionQuote => ({
    strike: c.strike,
    type: c.type,
    expiry,
    ltp: q.last_price,
    bid: q.depth?.buy?.[0]?.price ?? 0,
    ask: q.depth?.sell?.[0]?.price ?? 0,
    volume: q.volume ?? 0,
    oi: q.oi ?? 0,
    quoteTime: istEpoch(q.timestamp) ?? istEpoch(q.last_trade_time) ?? cycleTime,
  });
  /** Full quotes of `wanted` (key → contract and expiry), in batches of 500. */
  const fetchQuotes = async (wanted: Map<string, { c: Contract; expiry: string }>): Promise<Map<string, OptionQuote>> => {
    const keys = [...wanted.keys()];
    const out = new Map<string, OptionQuote>();
    for (let i = 0; i < keys.length; i += KITE_QUOTE_BATCH) {
      const res = await quoteCall(() => kite.getQuote(keys.slice(i, i + KITE_QUOTE_BATCH)));
      for (const [k, q] of Object.entries(res)) {
        const w = wanted.get(k);
        if (w && typeof q.last_price === 'number') out.set(k, toQuote(w.c, w.expiry, q));
      }
    }
    return out;
  };
  const ladderOf = (ix: IndexConfig): Set<number> => {
    const spot = spots.get(ix.name);
    return new Set(spot === undefined ? [] : buildStrikeLadder(Math.round(spot / ix.strikeStep) * ix.strikeStep, ix));
  };
  const ready = (): void => {
    if (cycleError) throw cycleError;
  };

  return {
    name: 'kite',
    source: 'kite',
    beginCycleTimeoutMs: config.kite.cycleTimeoutMs,
    async beginCycle(now) {
      cycleTime = now;
      cycleError = null;
      try {
        const nextListed = new Map<string, Map<string, Contract[]>>();
        for (const exchange of new Set(config.indices.map((ix) => ix.optionExchange))) {
          const chains = await exchangeChains(exchange, now);
          for (const ix of config.indices) if (ix.optionExchange === exchange) nextListed.set(ix.name, chains.get(ix.name) ?? new Map());
        }
        listed = nextListed;
        const prices = await ltp(config.indices.map(underlying));
        spots = new Map(config.indices.flatMap((ix) => (prices.has(underlying(ix)) ? [[ix.name, prices.get(underlying(ix)) as number]] : [])));
        // every contract the pipeline will ask for: its expiry rules × the ladder around ATM
        const wanted = new Map<string, { c: Contract; expiry: string }>();
        for (const ix of config.indices) {
          const byExpiry = listed.get(ix.name) ?? new Map<string, Contract[]>();
          const rules = resolveExpiryRules([...byExpiry.keys()], { weekday: ix.expiryWeekday, weekly: ix.weekly }, { holidays: config.holidays });
          const ladder = ladderOf(ix);
          for (const expiry of new Set(ix.expiryRules.flatMap((r) => rules[r] ?? [])))
            for (const c of byExpiry.get(expiry) ?? []) if (ladder.has(c.strike)) wanted.set(c.key, { c, expiry });
        }
        quotes = await fetchQuotes(wanted);
      } catch (err) {
        cycleError = err as Error;
        throw err;
      }
    },
    async getIndexQuote(index): Promise<IndexQuote> {
      ready();
      const spot = spots.get(index);
      if (spot === undefined) throw new PhaseRecoverableError(`Kite returned no price for ${KITE_UNDERLYING[index] ?? index}`, 'kite_no_ltp');
      return { spot, ts: cycleTime };
    },
    async getAtmStrike(index) {
      ready();
      const ix = byName.get(index) as IndexConfig;
      return Math.round((spots.get(index) ?? 0) / ix.strikeStep) * ix.strikeStep;
    },
    async listExpiries(index) {
      ready();
      return [...(listed.get(index)?.keys() ?? [])].sort();
    },
    async fetchOptionChain(index, expiry, strikes) {
      ready();
      const want = new Set(strikes);
      const contracts = (listed.get(index)?.get(expiry) ?? []).filter((c) => want.has(c.strike));
      // contracts the cycle's prefetch did not cover (a retried phase, a changed ladder) are fetched now
      const missing = new Map(contracts.filter((c) => !quotes.has(c.key)).map((c) => [c.key, { c, expiry }]));
      if (missing.size > 0) for (const [k, q] of await fetchQuotes(missing)) quotes.set(k, q);
      return contracts.flatMap((c) => quotes.get(c.key) ?? []);
    },
  };
}
