/** The runtime HTTP server under hostile clients (connection cap, header/request timeouts, real sockets), and /metrics rendered once per registry change. */
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { EventBus } from '../../../src/runtime/events/bus';
import { startServer, type RuntimeServer, type ServerLimits } from '../../../src/runtime/http/server';
import { createG6Metrics } from '../../../src/runtime/metrics/accessors';
import { GuardedMetricFactory } from '../../../src/runtime/metrics/registry';
import { createRuntimeMetrics } from '../../../src/runtime/metrics/runtime-metrics';
import { testConfig } from '../helpers';
import { fetchText, startG6Run } from '../run-process';

/** Resolves once `check()` holds; rejects after a generous deadline with `what`. */
async function until(what: string, check: () => boolean, deadlineMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > deadlineMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Status of GET /healthz, retried while the server still closes new connections at its cap (it learns of closed clients asynchronously). */
async function healthzOnceFree(address: string, deadlineMs = 20_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      return (await fetchText(`http://${address}/healthz`)).status;
    } catch (err) {
      if (Date.now() - started > deadlineMs) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

interface Client {
  socket: Socket;
  closed: boolean;
  received: string;
}

/** Open a raw connection to `port` that sends `first` once connected (nothing more unless the test does). */
function open(port: number, first: string): Client {
  const c: Client = { socket: connect(port, '127.0.0.1', () => c.socket.write(first)), closed: false, received: '' };
  c.socket.on('data', (d) => (c.received += String(d)));
  c.socket.on('error', () => undefined); // a reset is one way the server closes; `closed` records it
  c.socket.on('close', () => (c.closed = true));
  return c;
}

/** Write one byte to `c` every 50 ms until it closes (a slowloris drip). */
function drip(c: Client): void {
  const t = setInterval(() => (c.closed ? clearInterval(t) : c.socket.write('x')), 50);
  c.socket.on('close', () => clearInterval(t));
}

const LONG = 120_000;

describe('runtime HTTP server limits (real sockets)', () => {
  let server: RuntimeServer | undefined;
  const clients: Client[] = [];
  const start = async (limits: ServerLimits): Promise<number> => {
    const m = createG6Metrics(new GuardedMetricFactory({ warn: () => undefined }));
    server = await startServer('127.0.0.1:0', { scrape: async () => 'x 1\n', contentType: 'text/plain', status: () => ({ ok: true }), health: () => [true, {}] }, new EventBus(m), m, limits);
    return Number(server.address.split(':').pop());
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy();
    await server?.close();
    server = undefined;
  });

  it('holds at most maxConnections of 300 slow connections and closes the rest at once', async () => {
    const port = await start({ maxConnections: 20, headersTimeoutMs: LONG, requestTimeoutMs: LONG, idleTimeoutMs: LONG });
    for (let i = 0; i < 300; i++) clients.push(open(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    await until('280 connections are closed', () => clients.filter((c) => c.closed).length >= 280);
    expect(clients.filter((c) => !c.closed)).toHaveLength(20);
    expect(clients.every((c) => c.received === '')).toBe(true);
  });

  it('closes a connection that drips its headers (408), one that sends nothing, and one that drips its body', async () => {
    const port = await start({ maxConnections: 100, headersTimeoutMs: 300, requestTimeoutMs: 600, idleTimeoutMs: LONG });
    const headers = open(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const silent = open(port, '');
    const body = open(port, 'POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n');
    clients.push(headers, silent, body);
    drip(headers);
    drip(body);
    await until('the three slow connections are closed', () => headers.closed && silent.closed && body.closed);
    expect(headers.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(silent.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection without traffic after the idle timeout', async () => {
    const port = await start({ maxConnections: 100, headersTimeoutMs: LONG, requestTimeoutMs: LONG, idleTimeoutMs: 300 });
    const idle = open(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    clients.push(idle);
    await until('the idle connection is closed', () => idle.closed);
    expect(idle.received).toBe('');
  });

  it('serves a well-behaved client again once slow connections holding every slot time out', async () => {
    const port = await start({ maxConnections: 10, headersTimeoutMs: 300, requestTimeoutMs: 600, idleTimeoutMs: LONG });
    for (let i = 0; i < 10; i++) clients.push(open(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    await until('the slow connections are closed', () => clients.every((c) => c.closed));
    expect(await healthzOnceFree(`127.0.0.1:${port}`)).toBe(200);
  });
});

describe('g6 run HTTP defaults (real process)', () => {
  it('holds 100 of 300 slow connections, and serves again once they go', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-http-'));
    const run = await startG6Run(['--cycles', '1', '--interval', '0', '--listen', '127.0.0.1:0', '--linger', '120', '--data-dir', dataDir]);
    const clients: Client[] = [];
    try {
      const port = Number(run.address.split(':').pop());
      for (let i = 0; i < 300; i++) clients.push(open(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: '));
      await until('200 of the 300 connections are closed', () => clients.filter((c) => c.closed).length >= 200);
      expect(clients.filter((c) => !c.closed)).toHaveLength(100);
      for (const c of clients) c.socket.destroy();
      await run.waitFor(/linger/);
      expect(await healthzOnceFree(run.address)).toBe(200);
    } finally {
      for (const c of clients) c.socket.destroy();
      await run.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('/metrics rendering', () => {
  const rm = createRuntimeMetrics(testConfig(), { version: 't', commit: 't', configHash: 'x', warn: () => undefined });
  afterAll(() => rm.close());
  const renders = jest.spyOn(Registry.prototype, 'metrics');
  beforeEach(() => renders.mockClear());
  afterAll(() => renders.mockRestore());

  it('renders once for any number of scrapes, concurrent ones included, while nothing changes', async () => {
    const first = await rm.scrape();
    const texts = await Promise.all(Array.from({ length: 20 }, () => rm.scrape()));
    expect(texts.every((t) => t === first)).toBe(true);
    expect(await rm.scrape()).toBe(first);
    expect(renders).toHaveBeenCalledTimes(1);
  });

  it('renders once more after a metric changes, and the new text shows the change', async () => {
    const before = await rm.scrape();
    rm.metrics.pipelineCyclesTotal.inc({});
    const after = await rm.scrape();
    expect(after).not.toBe(before);
    expect(after).toMatch(/^g6_pipeline_cycles_total 1$/m);
    expect(await rm.scrape()).toBe(after);
    expect(renders).toHaveBeenCalledTimes(1);
  });

  it('renders once more after an increment held by the batcher, which the scrape applies first', async () => {
    await rm.scrape();
    rm.metrics.streamAppendsTotal.inc({ index: 'NIFTY' }, 7);
    expect(await rm.scrape()).toMatch(/^g6_stream_appends_total\{index="NIFTY"\} 7$/m);
    expect(renders).toHaveBeenCalledTimes(1);
  });
});
