/**
 * Emission batcher for high-rate counters: coalesces increments per (counter, label set) and
 * applies them in adaptive batches. Conservation is the invariant: every increment accepted is
 * applied exactly once (by a flush, by overflow, or by close), none is dropped.
 */
import type { CounterMetric } from './accessors';

export interface BatcherOptions {
  /** Period of the background flush timer. */
  flushIntervalMs: number;
  /** Distinct pending keys; an increment for a new key beyond this is applied directly (never dropped). */
  maxQueue: number;
  /** Entries applied per flush at most; the rest stay queued for the next flush. */
  maxDrainPerFlush: number;
  /** Time a batch should cover: target batch = EWMA rate × this. */
  targetIntervalMs: number;
  minSize: number;
  maxSize: number;
  /** A flush applying less than this fraction of the target counts as under-utilised. */
  underUtilThreshold: number;
  /** After this many consecutive under-utilised flushes the target shrinks by 25 %. */
  underUtilConsec: number;
  /** EWMA alpha used while idle (instantaneous rate below a quarter of min_size per target interval). */
  idleDecayAlpha: number;
  /** Oldest pending increment is applied at the latest this long after it arrived. */
  maxWaitMs: number;
  /** Monotonic ms clock (injected for tests). */
  now?: () => number;
}

/** Self-observation hooks, fed after each flush (the runtime maps them to the g6_metrics_batch_* family). */
export interface BatcherObserver {
  onFlush?(stats: FlushStats): void;
}

export interface FlushStats {
  /** Entries (distinct keys) applied. */
  applied: number;
  /** Sum of increment values applied. */
  increments: number;
  /** Entries still queued after this flush. */
  remaining: number;
  durationMs: number;
  target: number;
  utilization: number;
  reason: 'size' | 'timer' | 'max_wait' | 'manual' | 'close';
}

interface Pending {
  counter: CounterMetric<unknown>;
  labels: unknown;
  value: number;
  since: number;
}

const EWMA_ALPHA = 0.3;

/** Coalescing, adaptive batcher. Single-threaded (Node): a flush runs to completion before any other increment. */
export class EmissionBatcher {
  private readonly pending = new Map<string, Pending>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private ewmaRate: number | undefined;
  private target: number;
  private underUtilStreak = 0;
  private lastFlushAt: number;
  private incrementsSinceFlush = 0;
  private oldest = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  /** Totals for conservation checks and self-metrics. */
  readonly totals = { accepted: 0, applied: 0, flushes: 0 };

  constructor(
    private readonly opts: BatcherOptions,
    private readonly observer: BatcherObserver = {},
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.target = opts.minSize;
    this.lastFlushAt = this.now();
  }

  /** Start the periodic flush timer (unref'd: it never keeps the process alive). */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), Math.min(this.opts.flushIntervalMs, this.opts.maxWaitMs));
    this.timer.unref();
  }

  /** Current adaptive target batch size. */
  get currentTarget(): number {
    return this.target;
  }

  get queueDepth(): number {
    return this.pending.size;
  }

  /** Wrap a counter so its increments go through the batcher. Labels are keyed by their sorted entries. */
  wrap<L>(counter: CounterMetric<L>): CounterMetric<L> {
    return { inc: (labels: L, value = 1) => this.add(counter as CounterMetric<unknown>, labels, value) };
  }

  /** Queue an increment (value ≥ 0). After close() increments are applied directly. */
  add(counter: CounterMetric<unknown>, labels: unknown, value = 1): void {
    if (!(value > 0)) {
      if (value === 0) return;
      counter.inc(labels, value); // let the guarded counter count the emission failure
      return;
    }
    this.totals.accepted += value;
    if (this.closed) {
      this.totals.applied += value;
      counter.inc(labels, value);
      return;
    }
    const key = this.keyOf(counter, labels);
    const now = this.now();
    const entry = this.pending.get(key);
    if (entry) {
      entry.value += value;
    } else if (this.pending.size >= this.opts.maxQueue) {
      // queue full: apply directly rather than drop
      this.totals.applied += value;
      counter.inc(labels, value);
      return;
    } else {
      this.pending.set(key, { counter, labels, value, since: now });
      if (now < this.oldest) this.oldest = now;
    }
    this.incrementsSinceFlush += value;
    if (this.pending.size >= this.target) this.flush('size');
    else if (now - this.oldest >= this.opts.maxWaitMs) this.flush('max_wait');
  }

  /** Timer callback: flush when anything is pending (max-wait is enforced here too). */
  private tick(): void {
    if (this.pending.size === 0) {
      this.updateRate(this.now());
      return;
    }
    const reason = this.now() - this.oldest >= this.opts.maxWaitMs ? 'max_wait' : 'timer';
    this.flush(reason);
  }

  private updateRate(now: number): void {
    const elapsed = Math.max(now - this.lastFlushAt, 1) / 1000;
    const inst = this.incrementsSinceFlush / elapsed;
    const idleThreshold = this.opts.minSize / (this.opts.targetIntervalMs / 1000) / 4;
    const alpha = inst < idleThreshold ? this.opts.idleDecayAlpha : EWMA_ALPHA;
    this.ewmaRate = this.ewmaRate === undefined ? inst : alpha * inst + (1 - alpha) * this.ewmaRate;
    this.lastFlushAt = now;
    this.incrementsSinceFlush = 0;
  }

  /**
   * Apply up to maxDrainPerFlush entries, oldest first, and keep every other entry queued.
   * Then update the rate estimate and the adaptive target. Returns the stats of this flush.
   */
  flush(reason: FlushStats['reason'] = 'manual'): FlushStats {
    const started = this.now();
    const target = this.target;
    let applied = 0;
    let increments = 0;
    for (const [key, entry] of this.pending) {
      if (applied >= this.opts.maxDrainPerFlush) break;
      this.pending.delete(key);
      entry.counter.inc(entry.labels, entry.value);
      applied++;
      increments += entry.value;
    }
    this.totals.applied += increments;
    this.totals.flushes++;
    this.oldest = Number.POSITIVE_INFINITY;
    for (const e of this.pending.values()) if (e.since < this.oldest) this.oldest = e.since;
    const end = this.now();
    this.updateRate(end);
    const utilization = target > 0 ? applied / target : 0;
    // adaptive target: EWMA rate × target interval, clamped; under-utilisation shrinks it further
    let next = Math.min(this.opts.maxSize, Math.max(this.opts.minSize, Math.round((this.ewmaRate ?? 0) * (this.opts.targetIntervalMs / 1000))));
    if (utilization < this.opts.underUtilThreshold) {
      this.underUtilStreak++;
      if (this.underUtilStreak >= this.opts.underUtilConsec) {
        next = Math.max(this.opts.minSize, Math.floor(Math.min(next, target) * 0.75));
        this.underUtilStreak = 0;
      }
    } else this.underUtilStreak = 0;
    this.target = next;
    const stats: FlushStats = { applied, increments, remaining: this.pending.size, durationMs: end - started, target: this.target, utilization, reason };
    this.observer.onFlush?.(stats);
    return stats;
  }

  /** Apply everything pending (in as many flushes as needed). Used before a scrape and on shutdown. */
  drain(reason: FlushStats['reason'] = 'manual'): void {
    while (this.pending.size > 0) this.flush(reason);
  }

  /** Stop the timer and apply everything; later increments are applied directly. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.drain('close');
    this.closed = true;
  }

  private keyOf(counter: object, labels: unknown): string {
    let id = this.ids.get(counter);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(counter, id);
    }
    if (labels === null || typeof labels !== 'object') return `${id}`;
    const entries = Object.entries(labels as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let key = `${id}`;
    for (const [k, v] of entries) key += `\u0001${k}=${String(v)}`;
    return key;
  }
}
