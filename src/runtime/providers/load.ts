/**
 * Provider plugins: `--provider <module>:<export>` (or G6_OPTION_CHAIN_PROVIDER), or the module
 * form `<module>` whose module object is the provider (a dotted `package.module` of the earlier
 * platform is also tried as `package/module`). The export is an object, or a factory/class called once; it must implement `fetchOptionChain(index, expiry,
 * strikes)` + `getAtmStrike(index)`, or `getOptionChainSnapshot()`. Anything else is exit 3.
 */
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../../core/errors';
import type { IndexConfig } from '../config';
import type { OptionType } from '../market/black-scholes';
import { istDate, listedExpiries } from '../market/calendar';
import { resolvePluginModule } from './plugin-spec';
import type { IndexQuote, OptionChainProvider, OptionQuote } from './types';

type Fn = (...args: unknown[]) => unknown;
type PluginObject = Record<string, unknown>;

function isFn(v: unknown): v is Fn {
  return typeof v === 'function';
}

async function importModule(spec: string, cwd: string): Promise<unknown> {
  const local = spec.startsWith('.') || isAbsolute(spec);
  const target = local ? resolve(cwd, spec) : spec;
  const req = createRequire(join(cwd, 'package.json'));
  try {
    return req(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw err;
    // ES module: a real dynamic import (kept out of the CommonJS transform)
    const dynamicImport = new Function('s', 'return import(s)') as (s: string) => Promise<unknown>;
    return dynamicImport(local ? pathToFileURL(target).href : req.resolve(target));
  }
}

/** Instantiate the export once: objects are used as-is, functions are called (classes constructed). */
async function instantiate(exported: unknown): Promise<unknown> {
  if (!isFn(exported)) return exported;
  if (/^class[\s{]/.test(Function.prototype.toString.call(exported))) return new (exported as unknown as new () => unknown)();
  return await exported();
}

interface SnapshotRow {
  index?: string;
  strike: number;
  expiry: string;
  type: OptionType;
  ltp: number;
  bid: number;
  ask: number;
  oi: number;
  volume: number;
  underlying: number;
  quoteTime?: number;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
}

function normaliseSnapshotRow(raw: unknown): SnapshotRow | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const type = String(r.type ?? r.option_type ?? '').toUpperCase();
  if (type !== 'CE' && type !== 'PE') return undefined;
  const expiry = String(r.expiry ?? '').slice(0, 10);
  const strike = num(r.strike);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expiry) || !(strike > 0)) return undefined;
  const ltp = num(r.ltp ?? r.last_price ?? r.price);
  return {
    ...(typeof r.index === 'string' ? { index: r.index } : {}),
    strike,
    expiry,
    type,
    ltp,
    bid: num(r.bid ?? ltp),
    ask: num(r.ask ?? ltp),
    oi: num(r.oi ?? 0),
    volume: num(r.volume ?? r.volume_24h ?? 0),
    underlying: num(r.underlying ?? r.spot),
    ...(r.quoteTime !== undefined ? { quoteTime: num(r.quoteTime) } : {}),
  };
}

interface AdapterOptions {
  indices: readonly IndexConfig[];
  holidays: readonly string[];
}

/** Adapt a plugin object to {@link OptionChainProvider}, or explain what is missing. */
export function adaptPlugin(obj: unknown, label: string, opts: AdapterOptions): OptionChainProvider {
  const contract = `must provide fetchOptionChain(index, expiry, strikes) and getAtmStrike(index), or getOptionChainSnapshot()`;
  if (obj === null || typeof obj !== 'object') throw new InputError(`provider ${label}: the export is ${obj === null ? 'null' : typeof obj}, not a provider object; it ${contract}`);
  const p = obj as PluginObject;
  const source = typeof p.source === 'string' ? p.source : typeof p.name === 'string' ? p.name : 'plugin';
  let now = Date.now();
  const cfgOf = (index: string): IndexConfig | undefined => opts.indices.find((i) => i.name === index);
  const calendarExpiries = (index: string): string[] => {
    const c = cfgOf(index);
    return c ? listedExpiries(istDate(now), { weekday: c.expiryWeekday, weekly: c.weekly }, { holidays: opts.holidays }) : [];
  };
  const toQuote = (q: unknown, expiry: string): OptionQuote | undefined => {
    const r = normaliseSnapshotRow({ expiry, ...(q as object) });
    return r ? { strike: r.strike, type: r.type, expiry: r.expiry, ltp: r.ltp, bid: r.bid, ask: r.ask, volume: r.volume, oi: r.oi, quoteTime: r.quoteTime ?? now } : undefined;
  };
  if (isFn(p.fetchOptionChain) && isFn(p.getAtmStrike)) {
    const fetchChain = p.fetchOptionChain.bind(p);
    const atm = p.getAtmStrike.bind(p);
    const quote = isFn(p.getIndexQuote) ? p.getIndexQuote.bind(p) : undefined;
    const expiries = isFn(p.listExpiries) ? p.listExpiries.bind(p) : undefined;
    return {
      name: label,
      source,
      beginCycle: (t: number) => {
        now = t;
        return isFn(p.beginCycle) ? (p.beginCycle.call(p, t) as Promise<void> | void) : undefined;
      },
      async getIndexQuote(index: string): Promise<IndexQuote> {
        if (quote) {
          const q = (await quote(index)) as Partial<IndexQuote> | number;
          return typeof q === 'number' ? { spot: q, ts: now } : { spot: num(q.spot), ts: num(q.ts ?? now) };
        }
        return { spot: num(await atm(index)), ts: now };
      },
      async getAtmStrike(index: string) {
        return num(await atm(index));
      },
      async listExpiries(index: string) {
        return expiries ? ((await expiries(index)) as string[]) : calendarExpiries(index);
      },
      async fetchOptionChain(index: string, expiry: string, strikes: readonly number[]) {
        const out = await fetchChain(index, expiry, strikes);
        if (!Array.isArray(out)) throw new Error(`provider ${label}: fetchOptionChain returned ${typeof out}, expected an array of quotes`);
        return out.map((q) => toQuote(q, expiry)).filter((q): q is OptionQuote => q !== undefined);
      },
      close: isFn(p.close) ? () => p.close && (p.close as Fn).call(p) as Promise<void> : undefined,
    } as OptionChainProvider;
  }
  if (isFn(p.getOptionChainSnapshot)) {
    const snap = p.getOptionChainSnapshot.bind(p);
    let rows: SnapshotRow[] = [];
    const forIndex = (index: string): SnapshotRow[] => rows.filter((r) => r.index === undefined || r.index === index);
    return {
      name: label,
      source,
      async beginCycle(t: number) {
        now = t;
        rows = []; // a failed fetch must leave no stale chain behind: this cycle's indices come out empty
        const out = await snap();
        const list = Array.isArray(out) ? out : out && typeof out === 'object' && Symbol.iterator in out ? [...(out as Iterable<unknown>)] : [];
        rows = list.map(normaliseSnapshotRow).filter((r): r is SnapshotRow => r !== undefined);
      },
      async getIndexQuote(index: string) {
        const r = forIndex(index).find((x) => x.underlying > 0);
        return { spot: r ? r.underlying : Number.NaN, ts: now };
      },
      async getAtmStrike(index: string) {
        const rs = forIndex(index);
        const spot = rs.find((x) => x.underlying > 0)?.underlying ?? Number.NaN;
        let best = Number.NaN;
        for (const r of rs) if (!(Math.abs(r.strike - spot) >= Math.abs(best - spot))) best = r.strike;
        return best;
      },
      async listExpiries(index: string) {
        return [...new Set(forIndex(index).map((r) => r.expiry))].sort();
      },
      async fetchOptionChain(index: string, expiry: string, strikes: readonly number[]) {
        const want = new Set(strikes);
        return forIndex(index)
          .filter((r) => r.expiry === expiry && want.has(r.strike))
          .map((r) => ({ strike: r.strike, type: r.type, expiry: r.expiry, ltp: r.ltp, bid: r.bid, ask: r.ask, volume: r.volume, oi: r.oi, quoteTime: r.quoteTime ?? now }));
      },
    };
  }
  const has = Object.keys(p).filter((k) => isFn(p[k]));
  throw new InputError(`provider ${label}: the export ${contract}; it has ${has.length > 0 ? has.join(', ') : 'no methods'}`);
}

/**
 * Load `<module>:<export>`, or the module form `<module>`, relative to `cwd`. Throws InputError
 * (exit 3) when the module cannot be loaded, the export is missing, the factory throws, or the
 * contract is not met.
 */
export async function loadProviderPlugin(spec: string, cwd: string, opts: AdapterOptions): Promise<OptionChainProvider> {
  const at = spec.lastIndexOf(':');
  const modulePath = at < 0 ? spec : spec.slice(0, at);
  const exportName = at < 0 ? undefined : spec.slice(at + 1);
  let mod: unknown;
  try {
    mod = await importModule(resolvePluginModule(modulePath, cwd) ?? modulePath, cwd);
  } catch (err) {
    throw new InputError(`provider ${spec}: cannot load module ${modulePath} (${(err as Error).message.split('\n')[0]}); check the path (relative to ${cwd}) and that it is built JavaScript`);
  }
  if (exportName === undefined) return adaptPlugin(await instantiateOrThrow(mod, spec, 'module'), spec, opts);
  const exported = mod !== null && typeof mod === 'object' ? (mod as Record<string, unknown>)[exportName] : undefined;
  if (exported === undefined) {
    const names = mod !== null && typeof mod === 'object' ? Object.keys(mod) : [];
    throw new InputError(`provider ${spec}: module ${modulePath} has no export ${exportName}; exports: ${names.length > 0 ? names.join(', ') : '(none)'}`);
  }
  return adaptPlugin(await instantiateOrThrow(exported, spec, exportName), spec, opts);
}

async function instantiateOrThrow(exported: unknown, spec: string, what: string): Promise<unknown> {
  try {
    return await instantiate(exported);
  } catch (err) {
    throw new InputError(`provider ${spec}: the factory ${what} threw: ${(err as Error).message}`);
  }
}
