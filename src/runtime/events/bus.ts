/** In-process event bus: channels pipeline, panels and alerts; synchronous fan-out with per-subscriber drop accounting. */
import type { G6Metrics } from '../metrics/accessors';

export type BusChannel = 'pipeline' | 'panels' | 'alerts';

export interface BusEvent {
  channel: BusChannel;
  /** Event type, e.g. `cycle`, `panel_diff`, `alerts`. */
  type: string;
  /** Monotonic sequence number across channels. */
  seq: number;
  data: unknown;
}

/** A subscriber returns false when it had to drop the event (its queue was full). */
export type Subscriber = (event: BusEvent) => boolean | void;

/** Publish/subscribe with the bus metrics (published, dropped, publish latency). */
export class EventBus {
  private readonly subs = new Set<Subscriber>();
  private seq = 0;

  constructor(private readonly m: Pick<G6Metrics, 'busEventsPublishedTotal' | 'busEventsDroppedTotal' | 'busPublishLatencySeconds'>) {}

  subscribe(fn: Subscriber): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }

  /** Hand the event to every subscriber; a throwing subscriber counts as a drop and is isolated. */
  publish(channel: BusChannel, type: string, data: unknown): BusEvent {
    const t0 = performance.now();
    const event: BusEvent = { channel, type, seq: ++this.seq, data };
    for (const fn of this.subs) {
      let ok: boolean | void;
      try {
        ok = fn(event);
      } catch {
        ok = false;
      }
      if (ok === false) this.m.busEventsDroppedTotal.inc({ bus: channel });
    }
    this.m.busEventsPublishedTotal.inc({ bus: channel });
    this.m.busPublishLatencySeconds.observe({ bus: channel }, (performance.now() - t0) / 1000);
    return event;
  }
}
