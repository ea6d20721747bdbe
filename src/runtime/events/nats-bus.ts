/**
 * The NATS JetStream bus (`--bus nats://host:port`) on the official `nats` client: each cycle's
 * option rows on `g6.options.<INDEX>` (MessagePack, `g6.columns/1`: see row-columns.ts) and its
 * events on `g6.events.<kind>` (JSON), in a stream created when absent; each message's
 * `Content-Type` header names its encoding. Publishing runs beside the cycle loop and never blocks
 * it; acks are awaited there.
 */
import type { JetStreamClient, MsgHdrs, NatsConnection } from 'nats';
import { InputError } from '../../core/errors';
import type { G6Metrics } from '../metrics/accessors';

/** Subjects of the stream: everything under `g6.`. */
export const BUS_SUBJECTS = 'g6.>';

/** The `nats://host[:port]` servers string of `spec`, or why it is none. Pure. */
export function parseBusUrl(spec: string): { servers: string } | { why: string } {
  const expected = `expected nats://host:port (e.g. nats://127.0.0.1:4222) or "" for no bus, got ${JSON.stringify(spec)}`;
  let u: URL;
  try {
    u = new URL(spec);
  } catch {
    return { why: expected };
  }
  if (u.protocol !== 'nats:' || u.hostname === '' || (u.pathname !== '' && u.pathname !== '/') || u.search !== '' || u.hash !== '') return { why: expected };
  return { servers: `${u.hostname}:${u.port === '' ? 4222 : u.port}` };
}

/** Subject token of an index or event kind: NATS separators and wildcards become `_`. Pure. */
export function subjectToken(s: string): string {
  return s.replace(/[\s.*>]/g, '_') || '_';
}

export interface NatsBusOptions {
  url: string;
  stream: string;
  /** Connect timeout and ack timeout of one message, ms. */
  timeoutMs: number;
  /** Messages waiting for the publisher at most; beyond it new ones are dropped (and counted). */
  maxPending: number;
  metrics: Pick<G6Metrics, 'busEventsPublishedTotal' | 'busEventsDroppedTotal' | 'busPublishLatencySeconds'>;
  warn(message: string): void;
}

export interface NatsBus {
  /** Queue one message of `contentType`; never blocks, never throws. */
  publish(subject: string, data: Uint8Array, contentType: 'application/json' | 'application/msgpack'): void;
  /** Start publishing what is queued (the end of a cycle); returns at once. */
  flush(): void;
  /** Publish what is still queued (bounded by the ack timeout), then close the connection. */
  close(): Promise<void>;
}

/**
 * Connect and make sure the stream exists. Throws InputError (exit 3) when the server cannot be
 * reached or JetStream is off. A message not acknowledged within `timeoutMs` counts as dropped (bus=nats);
 * acknowledged ones count as published and each flush's ack time is observed.
 */
export async function createNatsBus(opts: NatsBusOptions): Promise<NatsBus> {
  const target = parseBusUrl(opts.url);
  if ('why' in target) throw new Error(`unvalidated bus.url: ${target.why}`);
  const { connect, headers } = require('nats') as typeof import('nats');
  let nc: NatsConnection;
  let js: JetStreamClient;
  try {
    nc = await connect({ servers: target.servers, timeout: opts.timeoutMs, maxReconnectAttempts: -1, reconnectTimeWait: 500, name: 'g6 run' });
  } catch (err) {
    throw new InputError(`cannot connect to NATS at ${opts.url} (bus): ${(err as Error).message}; start nats-server -js (README: "Stores and buses") or fix --bus / G6_BUS`);
  }
  try {
    const jsm = await nc.jetstreamManager({ timeout: opts.timeoutMs });
    try {
      await jsm.streams.info(opts.stream);
    } catch {
      await jsm.streams.add({ name: opts.stream, subjects: [BUS_SUBJECTS] });
    }
    js = nc.jetstream({ timeout: opts.timeoutMs });
  } catch (err) {
    await nc.close();
    throw new InputError(`cannot use JetStream stream ${opts.stream} at ${opts.url} (bus): ${(err as Error).message}; run nats-server with -js, and let no other stream take the subjects ${BUS_SUBJECTS}`);
  }
  const m = opts.metrics;
  let queue: { subject: string; data: Uint8Array; headers: MsgHdrs }[] = [];
  let running: Promise<void> | null = null;
  let failing = false;

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const t0 = performance.now();
      const acks = await Promise.allSettled(batch.map((msg) => js.publish(msg.subject, msg.data, { timeout: opts.timeoutMs, headers: msg.headers })));
      m.busPublishLatencySeconds.observe({ bus: 'nats' }, (performance.now() - t0) / 1000);
      const failed = acks.filter((a) => a.status === 'rejected');
      m.busEventsPublishedTotal.inc({ bus: 'nats' }, batch.length - failed.length);
      if (failed.length > 0) {
        m.busEventsDroppedTotal.inc({ bus: 'nats' }, failed.length);
        if (!failing) opts.warn(`bus nats: ${failed.length} of ${batch.length} messages not acknowledged (${((failed[0] as PromiseRejectedResult).reason as Error).message}); counted in g6_bus_events_dropped_total{bus="nats"}, collection goes on`);
      } else if (failing) opts.warn('bus nats: messages acknowledged again');
      failing = failed.length > 0;
    }
  };
  const flush = (): void => {
    running ??= drain().finally(() => (running = null));
  };
  return {
    publish(subject, data, contentType) {
      if (queue.length >= opts.maxPending) {
        m.busEventsDroppedTotal.inc({ bus: 'nats' });
        return;
      }
      const h = headers();
      h.set('Content-Type', contentType);
      queue.push({ subject, data, headers: h });
    },
    flush,
    async close() {
      while (running || queue.length > 0) {
        flush();
        await running;
      }
      await nc.drain().catch(() => nc.close());
    },
  };
}
