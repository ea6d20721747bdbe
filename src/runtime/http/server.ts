/** The runtime's HTTP surface on node:http: /metrics, /healthz, /api/status and /events (SSE). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusEvent, EventBus } from '../events/bus';
import type { G6Metrics } from '../metrics/accessors';

export interface HttpHandlers {
  scrape(): Promise<string>;
  contentType: string;
  /** Typed unified status (JSON-serialisable). */
  status(): unknown;
  /** [healthy, body]. */
  health(): [boolean, unknown];
}

export interface RuntimeServer {
  /** Bound address as host:port (the real port when 0 was asked). */
  address: string;
  close(): Promise<void>;
}

/** Per-client write buffer limit; beyond it events are dropped for that client (counted by the bus). */
const SSE_MAX_BUFFER = 1 << 20;

/** Interval of the SSE keep-alive comment; the idle timeout must be longer. */
const SSE_HEARTBEAT_MS = 15_000;

/** What one client may hold of the server: connections beyond the cap are closed on accept; slow or silent ones time out. */
export interface ServerLimits {
  /** Open connections at most (SSE streams included). */
  maxConnections: number;
  /** Time from a request's first byte to the end of its headers, ms (slowloris). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, ms (≥ headersTimeoutMs). */
  requestTimeoutMs: number;
  /** A connection without traffic either way for this long is closed, ms (> the SSE heartbeat). */
  idleTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = { maxConnections: 100, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 2 * SSE_HEARTBEAT_MS };

function json(res: ServerResponse, code: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** Start the server on `listen` (host:port) under `limits`. Resolves once bound; rejects with the listen error. */
export async function startServer(
  listen: string,
  h: HttpHandlers,
  bus: EventBus,
  m: Pick<G6Metrics, 'sseClients' | 'sseFlushSeconds'>,
  limits: Readonly<ServerLimits> = DEFAULT_SERVER_LIMITS,
): Promise<RuntimeServer> {
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(listen.slice(at + 1));
  const clients = new Set<ServerResponse>();
  const unsubscribe = bus.subscribe((event: BusEvent) => {
    if (clients.size === 0) return true;
    const t0 = performance.now();
    const frame = `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify({ channel: event.channel, ...(event.data as object) })}\n\n`;
    let allOk = true;
    for (const res of clients) {
      if (res.writableLength > SSE_MAX_BUFFER) {
        allOk = false;
        continue;
      }
      res.write(frame);
    }
    m.sseFlushSeconds.observe({}, (performance.now() - t0) / 1000);
    return allOk;
  });
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, SSE_HEARTBEAT_MS);
  heartbeat.unref();

  const options = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node enforces both timeouts on this tick only
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
  const server: Server = createServer(options, (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      // a malformed request target must not throw out of the listener (that would kill the collector)
      json(res, 400, { error: 'bad_request_target' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(res, 405, { error: 'method_not_allowed', allowed: ['GET'] });
      return;
    }
    switch (url.pathname) {
      case '/metrics':
        h.scrape().then(
          (text) => {
            res.writeHead(200, { 'content-type': h.contentType });
            res.end(text);
          },
          (err: Error) => json(res, 500, { error: 'scrape_failed', message: err.message }),
        );
        return;
      case '/healthz': {
        const [ok, body] = h.health();
        json(res, ok ? 200 : 503, body);
        return;
      }
      case '/api/status':
        json(res, 200, h.status());
        return;
      case '/events': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify(h.status())}\n\n`);
        clients.add(res);
        m.sseClients.set({}, clients.size);
        req.on('close', () => {
          clients.delete(res);
          m.sseClients.set({}, clients.size);
        });
        return;
      }
      default:
        json(res, 404, { error: 'not_found', endpoints: ['/metrics', '/healthz', '/api/status', '/events'] });
    }
  });
  server.keepAliveTimeout = 5000;
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.idleTimeoutMs;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    address: `${shownHost}:${addr.port}`,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const res of clients) res.end();
      clients.clear();
      m.sseClients.set({}, 0);
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
