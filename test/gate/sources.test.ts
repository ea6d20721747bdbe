/** Instant queries against a fake Prometheus API: how sample values are read. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { queryPrometheus } from '../../src/gate/sources';

let server: Server;
let base = '';
let result: unknown[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('queryPrometheus', () => {
  it('reads the Go float forms the API returns; a missing or unreadable value is NaN', async () => {
    const values: Array<string | undefined> = ['1.5', '0', '1e-3', 'NaN', '+Inf', '-Inf', undefined, ''];
    result = values.map((v, i) => ({ metric: { instance: `i${i}` }, ...(v === undefined ? {} : { value: [1700000000, v] }) }));
    const out = await queryPrometheus(base, 'up', 5000);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.series.map((s) => s.value)).toEqual([1.5, 0, 0.001, NaN, Infinity, -Infinity, NaN, NaN]);
    expect(out.series[0]!.labels).toEqual({ instance: 'i0' });
  });
});
