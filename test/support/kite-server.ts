/**
 * A loopback stand-in for the Kite Connect v3 API: the endpoints a collector uses (instrument
 * dumps as CSV, /quote, /quote/ltp) with Kite's headers, limits and error envelopes, so the
 * official client's real HTTP code runs against it. Records every request.
 */
import { createServer, type Server } from 'node:http';
import { defaultRuntimeConfig } from '../../src/runtime/config';
import { istDate, IST_OFFSET_MS, listedExpiries } from '../../src/runtime/market/calendar';

export interface KiteRequest {
  path: string;
  /** The `i` parameters (quote keys). */
  keys: string[];
  authorization: string;
  version: string;
}

export interface KiteStandIn {
  root: string;
  requests: KiteRequest[];
  /** The only access token accepted; any other gets 403 TokenException. */
  token: string;
  /** Answer this many quote-endpoint calls with 429 before serving again. */
  rateLimitNext: number;
  close(): Promise<void>;
}

const UNDERLYING: Record<string, [string, number]> = {
  'NSE:NIFTY 50': ['NIFTY', 24800],
  'NSE:NIFTY BANK': ['BANKNIFTY', 54000],
  'NSE:NIFTY FIN SERVICE': ['FINNIFTY', 25950],
  'NSE:NIFTY MIDCAP SELECT': ['MIDCPNIFTY', 12000],
  'BSE:SENSEX': ['SENSEX', 81000],
};

const error = (status: number, type: string, message: string): [number, string] => [status, JSON.stringify({ status: 'error', message, data: null, error_type: type })];

/** Kite's `YYYY-MM-DD hh:mm:ss` in IST. */
const istStamp = (ms: number): string => new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/** The day's option dump of `exchange` for the default indices: their listed expiries × 121 strikes around the base price. */
function instrumentsCsv(exchange: string): string {
  const lines = ['instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange'];
  let token = 1000;
  const today = istDate(Date.now());
  for (const ix of defaultRuntimeConfig().indices.filter((i) => i.optionExchange === exchange)) {
    for (const expiry of listedExpiries(today, { weekday: ix.expiryWeekday, weekly: ix.weekly }, { holidays: [] })) {
      for (let k = -60; k <= 60; k++) {
        const strike = ix.basePrice + k * ix.strikeStep;
        for (const type of ['CE', 'PE']) {
          const symbol = `${ix.name}${expiry.replace(/-/g, '')}${strike}${type}`;
          lines.push(`${token++},${token},${symbol},${ix.name},0,${expiry},${strike},0.05,75,${type},${exchange}-OPT,${exchange}`);
        }
      }
    }
  }
  // an equity row and a future, which the collector must skip
  lines.push(`1,1,INFY,INFOSYS,0,,0,0.05,1,EQ,${exchange},${exchange}`, `2,2,NIFTYFUT,NIFTY,0,2099-12-30,0,0.05,75,FUT,${exchange}-FUT,${exchange}`);
  return `${lines.join('\n')}\n`;
}

/** Start the stand-in on 127.0.0.1 (any free port). */
export async function startKiteStandIn(opts: { apiKey: string; token: string }): Promise<KiteStandIn> {
  const state = { requests: [] as KiteRequest[], token: opts.token, rateLimitNext: 0 };
  const dumps = new Map<string, string>();
  const answer = (url: URL, auth: string): [number, string, string] => {
    const json = (r: [number, string]): [number, string, string] => [r[0], r[1], 'application/json'];
    if (auth !== `token ${opts.apiKey}:${state.token}`) return json(error(403, 'TokenException', 'Incorrect `api_key` or `access_token`.'));
    const ex = /^\/instruments\/([A-Z]+)$/.exec(url.pathname);
    if (ex) {
      const exchange = ex[1] as string;
      if (!dumps.has(exchange)) dumps.set(exchange, instrumentsCsv(exchange));
      return [200, dumps.get(exchange) as string, 'text/csv'];
    }
    if (url.pathname !== '/quote' && url.pathname !== '/quote/ltp') return json(error(404, 'GeneralException', 'Route not found'));
    if (state.rateLimitNext > 0) {
      state.rateLimitNext--;
      return json(error(429, 'NetworkException', 'Too many requests'));
    }
    const keys = url.searchParams.getAll('i');
    const limit = url.pathname === '/quote' ? 500 : 1000;
    if (keys.length > limit) return json(error(400, 'InputException', `Too many instruments (${keys.length} > ${limit})`));
    const data: Record<string, unknown> = {};
    const now = Date.now();
    for (const key of keys) {
      const under = UNDERLYING[key];
      if (under) {
        data[key] = { instrument_token: 256265, last_price: under[1] };
        continue;
      }
      const m = /^[A-Z]+:([A-Z]+)\d{8}(\d+)(CE|PE)$/.exec(key);
      if (!m) continue;
      const base = Object.values(UNDERLYING).find(([name]) => name === m[1])?.[1] ?? 0;
      const strike = Number(m[2]);
      const intrinsic = Math.max(0, m[3] === 'CE' ? base - strike : strike - base);
      const ltp = Math.round((intrinsic + 40 + base * 0.004) * 20) / 20;
      data[key] = {
        instrument_token: 1,
        timestamp: istStamp(now),
        last_trade_time: istStamp(now - 2000),
        last_price: ltp,
        volume: 1000 + (strike % 7) * 100,
        oi: 5000 + (strike % 11) * 300,
        depth: { buy: [{ price: ltp - 0.5, quantity: 75, orders: 1 }], sell: [{ price: ltp + 0.5, quantity: 75, orders: 1 }] },
      };
    }
    return json([200, JSON.stringify({ status: 'success', data })]);
  };
  // 500 quote keys make a URL longer than Node’s default 16 KiB header limit; Kite accepts them
  const server: Server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = String(req.headers.authorization ?? '');
    state.requests.push({ path: url.pathname, keys: url.searchParams.getAll('i'), authorization, version: String(req.headers['x-kite-version'] ?? '') });
    const [status, body, type] = answer(url, authorization);
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, {
    root: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
