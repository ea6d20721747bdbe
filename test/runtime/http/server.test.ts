/** The runtime HTTP server survives malformed requests (a bad request target answers 400, never crashes the process). */
import { connect } from 'node:net';
import { EventBus } from '../../../src/runtime/events/bus';
import { startServer, type RuntimeServer } from '../../../src/runtime/http/server';
import { createG6Metrics } from '../../../src/runtime/metrics/accessors';
import { GuardedMetricFactory } from '../../../src/runtime/metrics/registry';

/** Send `request` (which asks for `Connection: close`) and resolve with everything the server answered before closing. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolveReq, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(request));
    let out = '';
    s.on('data', (d) => (out += String(d)));
    s.on('error', reject);
    s.on('close', () => resolveReq(out));
  });
}

describe('runtime HTTP server', () => {
  let server: RuntimeServer;
  beforeEach(async () => {
    const m = createG6Metrics(new GuardedMetricFactory({ warn: () => undefined }));
    server = await startServer('127.0.0.1:0', { scrape: async () => 'x 1\n', contentType: 'text/plain', status: () => ({ ok: true }), health: () => [true, {}] }, new EventBus(m), m);
  });
  afterEach(() => server.close());

  it('answers 400 to a request target that is not a valid URL path and keeps serving', async () => {
    const port = Number(server.address.split(':').pop());
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const bad = await rawRequest(port, 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(bad.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      const good = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(good.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
