/**
 * `g6 run --bus nats://…` against Debian's nats-server with JetStream on loopback: a consumer reads
 * back every cycle's messages; an outage is counted and never stops collection; a bad or
 * unreachable bus at start is exit 3.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type JsMsg } from 'nats';
import { unpackRowColumns } from '../../src/runtime/events/row-columns';
import type { OptionRow } from '../../src/runtime/pipeline/types';
import { runG6 } from '../support/cli';
import { freePort, natsServer, waitForValue, type Nats } from '../support/servers';
import { fetchText, runG6RunToExit, startG6Run } from './run-process';

jest.setTimeout(180_000);

let nats: Nats;
beforeAll(async () => {
  nats = await natsServer();
  await nats.start();
});
afterAll(async () => {
  await nats?.stop();
});

interface Message {
  subject: string;
  contentType: string | undefined;
  /** Events: the JSON document; options: the decoded message head. */
  data: Record<string, unknown>;
  /** Options: the decoded rows. */
  rows: OptionRow[];
}

/** Every message of `stream`, in order, read with an ordered consumer and decoded by its Content-Type. */
async function readStream(stream: string): Promise<Message[]> {
  const nc = await connect({ servers: nats.url.replace('nats://', '') });
  try {
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    const total = (await jsm.streams.info(stream)).state.messages;
    const consumer = await js.consumers.get(stream);
    const out: Message[] = [];
    while (out.length < total) {
      const batch = await consumer.fetch({ max_messages: total - out.length, expires: 5000 });
      for await (const msg of batch as AsyncIterable<JsMsg>) {
        const contentType = msg.headers?.get('Content-Type');
        const json = contentType === 'application/json';
        if (json) out.push({ subject: msg.subject, contentType, data: msg.json(), rows: [] });
        else {
          const { rows, ...head } = unpackRowColumns(msg.data);
          out.push({ subject: msg.subject, contentType, data: head, rows });
        }
      }
    }
    return out;
  } finally {
    await nc.close();
  }
}

const metricValue = (body: string, name: string): number => Number(new RegExp(`^${name}\\{bus="nats"\\} (\\S+)$`, 'm').exec(body)?.[1] ?? Number.NaN);

describe('NATS JetStream bus (real nats-server -js)', () => {
  it("publishes every cycle's rows on g6.options.<INDEX> and its events on g6.events.<kind>; a consumer reads them all back", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-nats-'));
    const run = await startG6Run(['--cycles', '3', '--interval', '0', '--listen', '127.0.0.1:0', '--linger', '60', '--data-dir', dataDir, '--bus', nats.url], { G6_BUS_STREAM: 'G6A' });
    let messages: Awaited<ReturnType<typeof readStream>>;
    try {
      await run.waitFor(/\(linger\)/);
      messages = await readStream('G6A');
      // the bus metrics count what JetStream acknowledged: all of it, once the last acks are in
      const metrics = await waitForValue('published{bus=nats} to reach the stream size', async () => {
        const body = (await fetchText(`http://${run.address}/metrics`)).body;
        return metricValue(body, 'g6_bus_events_published_total') === messages.length ? body : undefined;
      });
      expect(metricValue(metrics, 'g6_bus_events_dropped_total')).toBe(0);
    } finally {
      expect(await run.stop()).toBe(0);
    }
    const perCycleRows = [...run.stderr().matchAll(/cycle (\d+)\/3 .* rows=(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(perCycleRows).toHaveLength(3);
    const options = messages.filter((msg) => msg.subject.startsWith('g6.options.'));
    expect(new Set(options.map((msg) => msg.contentType))).toEqual(new Set(['application/msgpack']));
    expect(new Set(messages.filter((msg) => !msg.subject.startsWith('g6.options.')).map((msg) => msg.contentType))).toEqual(new Set(['application/json']));
    for (const [cycle, rows] of perCycleRows) {
      const ofCycle = options.filter((msg) => msg.data.cycle === cycle);
      expect(ofCycle.map((msg) => msg.subject).sort()).toEqual(['g6.options.BANKNIFTY', 'g6.options.FINNIFTY', 'g6.options.MIDCPNIFTY', 'g6.options.NIFTY', 'g6.options.SENSEX']);
      // every row of a message is its index's, at the message's cycle time
      for (const msg of ofCycle) expect(new Set(msg.rows.map((r) => `${r.index} ${r.timestamp}`))).toEqual(new Set([`${msg.data.index} ${msg.data.timestamp}`]));
      expect(ofCycle.reduce((n, msg) => n + msg.rows.length, 0)).toBe(rows);
      expect(messages.filter((msg) => msg.subject === 'g6.events.cycle' && (msg.data.data as { cycle: number }).cycle === cycle)).toHaveLength(1);
    }
  });

  it('counts messages the server cannot acknowledge while it is down, and collection goes on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-nats-down-'));
    const run = await startG6Run(['--interval', '0.2', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--bus', nats.url], { G6_BUS_STREAM: 'G6A', G6_BUS_TIMEOUT_MS: '500' });
    try {
      await run.waitFor(/cycle 2\//);
      await nats.stop();
      await run.waitFor(/bus nats: \d+ of \d+ messages not acknowledged/);
      const cyclesAtOutage = (run.stderr().match(/cycle \d+\//g) ?? []).length;
      await run.waitFor(new RegExp(`cycle ${cyclesAtOutage + 3}/`));
      await waitForValue('dropped{bus=nats} > 0', async () => (metricValue((await fetchText(`http://${run.address}/metrics`)).body, 'g6_bus_events_dropped_total') > 0 ? true : undefined));
      await nats.start();
      await run.waitFor(/bus nats: messages acknowledged again/, 60_000);
    } finally {
      expect(await run.stop()).toBe(0);
    }
    expect(run.stderr()).not.toMatch(/FAILED/);
  });

  it('exits 3 naming the bus when the server cannot be reached at start', async () => {
    const port = await freePort();
    const r = await runG6RunToExit(['--cycles', '1', '--listen', '', '--data-dir', mkdtempSync(join(tmpdir(), 'g6-nats-none-')), '--bus', `nats://127.0.0.1:${port}`], { G6_BUS_TIMEOUT_MS: '1000' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot connect to NATS at nats://127.0.0.1:${port} (bus)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 with the expected form of a malformed bus URL', () => {
    const r = runG6(['run', '--cycles', '1', '--listen', '', '--bus', 'http://127.0.0.1:4222']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('config bus.url (from flag --bus): expected nats://host:port');
  });
});
