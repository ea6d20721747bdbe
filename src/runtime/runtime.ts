/**
 * `g6 run`: wires provider, pipeline, storage, metrics, panels, bus and HTTP, and drives the cycle
 * loop until the planned cycles ran, the stop signal fired, or too many cycles failed in a row.
 */
import { join } from 'node:path';
import { contentHash16 } from '../core/hash';
import { InputError } from '../core/errors';
import { BenchRun, type BenchSummary } from './bench/bench-cycle';
import { cycleStepSeconds, type RuntimeConfig } from './config';
import { EventBus } from './events/bus';
import { createNatsBus, subjectToken, type NatsBus } from './events/nats-bus';
import { packRowColumns } from './events/row-columns';
import { startServer, type RuntimeServer } from './http/server';
import { istDate, isMarketOpen } from './market/calendar';
import { createRng, hashSeed } from './market/rng';
import { SPEC_HASH, type IndexLabel } from './metrics/accessors';
import { createRuntimeMetrics } from './metrics/runtime-metrics';
import { buildPanels, type MemorySample } from './panels/build';
import { PanelWriter } from './panels/writer';
import { percentile } from './percentile';
import { createCycleParity, formatParitySuffix, type CycleParity } from './parity/cycle-parity';
import { aggregateOptionChain, dteBucket } from './pipeline/aggregate';
import { nextTurn, runCycle, type CycleDeps } from './pipeline/cycle';
import { backoffMs } from './pipeline/phase-runner';
import type { CycleResult, ErrorRecord, OptionRow } from './pipeline/types';
import { instrumentProvider, providerOperationOf } from './providers/instrument';
import { createKiteProvider } from './providers/kite';
import { loadProviderPlugin } from './providers/load';
import { simulatedMarketFor } from './providers/sim';
import type { OptionChainProvider } from './providers/types';
import { openStore } from './storage/open-store';
import type { CommitReport, RowBatch, StorageSink, TableName } from './storage/sink';
import { pushBounded, type RuntimeState, type StreamRow } from './state';

export interface RunOptions {
  config: RuntimeConfig;
  cwd: string;
  version: string;
  commit: string;
  /** Diagnostics and progress lines (each call is one line without newline). */
  log(line: string): void;
  /** Fires when the operator asks to stop (SIGINT/SIGTERM): the current cycle finishes first. */
  signal: AbortSignal;
  /** The process environment (provider credentials such as KITE_ACCESS_TOKEN). */
  env: NodeJS.ProcessEnv;
  /** Replace the storage sink (tests, networked stores). */
  sink?: StorageSink;
}

export interface RunOutcome {
  reason: 'completed' | 'signal' | 'failed';
  cycles: number;
  consecutiveFailures: number;
  /** Bound HTTP address, when the server ran. */
  address: string | null;
}

const OVERVIEW_COLUMNS = ['timestamp', 'date', 'index', 'status', 'spot', 'atm', 'options', 'expiries', 'strike_coverage', 'field_coverage', 'pcr', 'failures', 'source'] as const;
const STORE_TABLES: readonly TableName[] = ['options', 'overview', 'errors'];
const ERROR_COLUMNS = ['ts', 'cycle', 'index', 'expiry', 'phase', 'classification', 'reason', 'message', 'attempt'] as const;

function memorySample(): MemorySample {
  const m = process.memoryUsage();
  const mb = 1024 * 1024;
  return { rssMb: m.rss / mb, heapUsedMb: m.heapUsed / mb, heapTotalMb: m.heapTotal / mb, externalMb: m.external / mb };
}

/** Wait `ms` (or until `signal` aborts); a zero or negative wait is one {@link nextTurn}. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return nextTurn();
  return new Promise((resolveSleep) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolveSleep();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function createProvider(config: RuntimeConfig, opts: RunOptions, onFault: (k: 'timeout' | 'empty_response' | 'stale_quote' | 'internal') => void): Promise<OptionChainProvider> {
  const cwd = opts.cwd;
  if (config.provider === 'sim') return simulatedMarketFor(config, { onFault });
  if (config.provider === 'kite') return createKiteProvider({ config, env: opts.env });
  return loadProviderPlugin(config.provider, cwd, { indices: config.indices, holidays: config.holidays });
}

function pcrOf(rows: readonly OptionRow[]): number | null {
  let ce = 0;
  let pe = 0;
  for (const r of rows) {
    if (r.type === 'CE') ce += r.oi;
    else pe += r.oi;
  }
  return ce > 0 ? Math.round((pe / ce) * 1e4) / 1e4 : null;
}

/**
 * Run the collector. Throws InputError (exit 3) when the provider cannot be loaded or the HTTP
 * address cannot be bound; otherwise resolves with how the run ended. Cleans up (server closed,
 * batcher flushed, final panels written) on every path after start-up.
 */
export async function runCollector(opts: RunOptions): Promise<RunOutcome> {
  const { config, log } = opts;
  const warned = (msg: string): void => log(`g6 run: warning: ${msg}`);
  const rm = createRuntimeMetrics(config, { version: opts.version, commit: opts.commit, configHash: contentHash16(config), warn: warned });
  const m = rm.metrics;
  let server: RuntimeServer | null = null;
  let provider: OptionChainProvider | null = null;
  let parity: CycleParity | null = null;
  let sink: StorageSink | undefined;
  let natsBus: NatsBus | null = null;
  try {
    const rawProvider = await createProvider(config, opts, (fault) => m.providerFaultsInjectedTotal.inc({ fault }));
    const mode = config.provider === 'sim' ? 'sim' : 'plugin';
    m.providerMode.set({ mode: 'sim' }, mode === 'sim' ? 1 : 0);
    m.providerMode.set({ mode: 'plugin' }, mode === 'plugin' ? 1 : 0);
    provider = instrumentProvider(rawProvider, m);
    const jitter = createRng(hashSeed(config.seed, 'jitter'));
    const store = opts.sink ?? (await openStore(config, opts.cwd, { rng: jitter, sleep: (ms) => sleep(ms), warn: warned }));
    sink = store;
    const bus = new EventBus(m);
    if (config.bus.url !== '') {
      const nats = await createNatsBus({ ...config.bus, metrics: m, warn: warned });
      natsBus = nats;
      bus.subscribe((event) => nats.publish(`g6.events.${subjectToken(event.type)}`, Buffer.from(JSON.stringify(event)), 'application/json'));
    }
    const state: RuntimeState = {
      version: opts.version,
      specHash: SPEC_HASH,
      startedAt: Date.now(),
      phase: 'starting',
      cycle: 0,
      cyclesPlanned: config.cycles,
      intervalSeconds: config.intervalSeconds,
      marketOpen: true,
      provider: { name: rawProvider.name, source: rawProvider.source, mode },
      listen: null,
      dataDir: config.dataDir,
      consecutiveFailures: 0,
      indexLastSuccess: new Map(),
      recentErrors: [],
      stream: [],
      cycleDurationsMs: [],
      storage: store.stats(),
      bench: null,
      peakRssMb: 0,
    };
    m.cycleIntervalSeconds.set({}, config.intervalSeconds);
    m.benchP95RegressionThresholdPct.set({}, config.bench.intervalSeconds > 0 ? config.bench.p95RegressionThresholdPct : -1);

    if (config.listen !== '') {
      try {
        server = await startServer(
          config.listen,
          { scrape: () => rm.scrape(), contentType: rm.contentType, status: () => unifiedStatus(state), health: () => health(state, config) },
          bus,
          m,
        );
      } catch (err) {
        throw new InputError(`cannot listen on ${config.listen} (listen): ${(err as Error).message}; pick a free port or --listen 127.0.0.1:0`);
      }
      state.listen = server.address;
      log(`g6 run: listening on http://${server.address} (/metrics /healthz /api/status /events)`);
    }
    parity = await createCycleParity({ config, cwd: opts.cwd, metrics: m, log, warn: warned });
    if (parity.baselineDescription) log(`g6 run: parity baseline: ${parity.baselineDescription}`);
    const panels = config.panels.enabled ? new PanelWriter({ dir: join(config.dataDir, 'panels'), legacyCompat: config.panels.legacyCompat, metrics: m, bus, warn: warned }) : null;
    /** Contracts seen so far: `index|expiry` → strike → 1 for CE, 2 for PE, 3 for both (no string per row and cycle). */
    const seenContracts = new Map<string, Map<number, number>>();
    const deps: CycleDeps = {
      config,
      provider,
      sink: store,
      metrics: m,
      rng: jitter,
      sleep: (ms) => sleep(ms),
      yieldTurn: nextTurn,
      onPersist: (res, seconds) => {
        if (res.staged) return; // counted when the sink commits
        m.csIngestRowsTotal.inc({ table: res.table }, res.rows);
        m.csIngestBytesTotal.inc({ table: res.table }, res.bytes);
        m.csIngestLatencySeconds.observe({ table: res.table }, seconds);
      },
      onPersistError: (rec) => {
        if (rec.classification === 'recoverable') m.csIngestRetriesTotal.inc({ table: 'options' });
        else m.csIngestFailuresTotal.inc({ table: 'options', reason: 'io_error' });
      },
      onAggregate: (rowsByIndex) => {
        if (!config.optionChain.aggregates) return;
        for (const [index, rows] of rowsByIndex) {
          const ix = index as IndexLabel;
          for (const b of aggregateOptionChain(rows)) {
            const labels = { index: ix, mny: b.mny, dte: b.dte };
            m.optionContractsActive.set(labels, b.contracts);
            m.optionOpenInterest.set(labels, b.openInterest);
            m.optionVolume24h.set(labels, b.volume);
            m.optionIvMean.set(labels, b.ivMean);
            m.optionSpreadBpsMean.set(labels, b.spreadBpsMean);
          }
          let expiry: string | undefined;
          let seen = new Map<number, number>();
          for (const r of rows) {
            if (r.expiry !== expiry) {
              // rows come expiry by expiry: one lookup per expiry
              expiry = r.expiry;
              const chain = `${index}|${expiry}`;
              seen = seenContracts.get(chain) ?? new Map<number, number>();
              seenContracts.set(chain, seen);
            }
            const had = seen.get(r.strike) ?? 0;
            const bit = r.type === 'CE' ? 1 : 2;
            if (had & bit) continue;
            seen.set(r.strike, had | bit);
            const dte = dteBucket(r.dte_days);
            if (dte) m.optionContractsNewTotal.inc({ index: ix, dte });
          }
        }
      },
      onError: (rec) => {
        pushBounded(state.recentErrors, rec, 200);
        const op = providerOperationOf(rec.phase);
        if (op && rec.reason === 'timeout') m.providerErrorsTotal.inc({ index: rec.index as IndexLabel, operation: op, error_type: 'timeout' });
      },
    };

    /** Append overview/error rows with the retry policy; failures are counted, never thrown. */
    const appendTable = async (table: TableName, batch: RowBatch): Promise<void> => {
      if (batch.rows.length === 0) return;
      for (let attempt = 1; ; attempt++) {
        const t0 = performance.now();
        try {
          const res = await store.append(batch);
          deps.onPersist?.(res, (performance.now() - t0) / 1000);
          return;
        } catch (err) {
          if (attempt >= config.retry.maxAttempts) {
            m.csIngestFailuresTotal.inc({ table, reason: 'io_error' });
            m.csIngestFailedRowsTotal.inc({ table }, batch.rows.length);
            warned(`storage ${table}: append failed after ${attempt} attempts: ${(err as Error).message}`);
            return;
          }
          m.csIngestRetriesTotal.inc({ table });
          await sleep(backoffMs(config.retry, attempt, jitter));
        }
      }
    };

    /** The column-store metrics of one commit, and a line when the backlog starts or is replayed. */
    let backlogged = 0;
    const recordCommit = (report: CommitReport): void => {
      for (const w of report.writes) {
        if (w.retries > 0) m.csIngestRetriesTotal.inc({ table: w.table }, w.retries);
        if (w.outcome === 'written') {
          m.csIngestRowsTotal.inc({ table: w.table }, w.rows);
          m.csIngestBytesTotal.inc({ table: w.table }, w.bytes);
          m.csIngestLatencySeconds.observe({ table: w.table }, w.seconds);
        } else m.csIngestFailuresTotal.inc({ table: w.table, reason: w.attempted ? 'io_error' : 'backpressure' });
        if (w.outcome === 'lost') {
          m.csIngestFailedRowsTotal.inc({ table: w.table }, w.rows);
          warned(`storage ${w.table}: ${w.rows} rows lost: the store is down and the backlog could not be written`);
        }
      }
      const pending = STORE_TABLES.reduce((n, table) => n + report.backlog[table], 0);
      for (const table of STORE_TABLES) m.csIngestBacklogRows.set({ table }, report.backlog[table]);
      if (pending > 0 && backlogged === 0) warned(`storage ${store.kind}: store unreachable; ${pending} rows kept in the backlog under ${join(config.dataDir, 'spill')} until it is back`);
      if (pending === 0 && backlogged > 0) log(`g6 run: storage ${store.kind}: store back; backlog of ${backlogged} rows replayed`);
      backlogged = pending;
    };

    const writePanels = async (): Promise<void> => {
      if (!panels) return;
      state.storage = store.stats();
      const now = Date.now();
      await panels.write(state.cycle, buildPanels(state, memorySample(), now), state.provider.source, state.last?.startedAt ?? new Date(now).toISOString(), new Date(now).toISOString());
    };

    let firstCycleTime = Number.NaN;
    /** Newest row of each index still in state.stream (the gate compares against it). */
    const lastStreamRow = new Map<string, StreamRow>();
    const afterCycle = async (result: CycleResult, rows: ReadonlyMap<string, readonly OptionRow[]>, cycleTime: number): Promise<void> => {
      if (Number.isNaN(firstCycleTime)) firstCycleTime = cycleTime;
      state.last = result;
      state.lastCycleEndedAt = Date.now();
      pushBounded(state.cycleDurationsMs, result.durationMs, 200);
      m.pipelineCyclesTotal.inc({});
      m.pipelineCycleDurationSeconds.observe({}, result.durationMs / 1000);
      if (config.intervalSeconds > 0 && result.durationMs > 0.85 * config.intervalSeconds * 1000) m.cycleSlaBreachesTotal.inc({});
      const mem = memorySample();
      state.peakRssMb = Math.max(state.peakRssMb, mem.rssMb);
      m.pipelineMemoryRssBytes.set({}, mem.rssMb * 1024 * 1024);
      for (const ix of result.indices) {
        const label = ix.index as IndexLabel;
        if (ix.options > 0) state.indexLastSuccess.set(ix.index, cycleTime);
        const ok = state.indexLastSuccess.get(ix.index);
        m.indexDataAgeSeconds.set({ index: label }, (cycleTime - (ok ?? firstCycleTime)) / 1000);
        for (const s of ['ok', 'partial', 'empty'] as const) m.indexStatus.set({ index: label, status: s }, ix.status.toLowerCase() === s ? 1 : 0);
        m.indexStrikeCoverageRatio.set({ index: label }, ix.strikeCoverageAvg);
        m.indexFieldCoverageRatio.set({ index: label }, ix.fieldCoverageAvg);
        if (ix.persisted) m.pipelineOptionsProcessedTotal.inc({ index: label }, ix.options);
        else if (ix.options > 0) m.csIngestFailedRowsTotal.inc({ table: 'options' }, ix.options);
        // indices stream: one row per index per cycle, gated
        const prev = lastStreamRow.get(ix.index);
        if (ix.fatal) m.streamSkipsTotal.inc({ index: label, reason: 'index_failed' });
        else if (prev && prev.status === ix.status && prev.options === ix.options && prev.spot === ix.spot) m.streamSkipsTotal.inc({ index: label, reason: 'unchanged' });
        else {
          const row: StreamRow = { cycle: result.cycle, ts: result.startedAt, index: ix.index, status: ix.status, options: ix.options, spot: ix.spot };
          lastStreamRow.set(ix.index, row);
          for (const dropped of pushBounded(state.stream, row, 500)) if (lastStreamRow.get(dropped.index) === dropped) lastStreamRow.delete(dropped.index);
          m.streamAppendsTotal.inc({ index: label });
        }
      }
      // one partition date per cycle, for every table: the IST trading date of the cycle's clock time
      const date = istDate(cycleTime);
      await nextTurn();
      await appendTable('overview', {
        table: 'overview',
        date,
        columns: OVERVIEW_COLUMNS,
        rows: result.indices.map((ix) => ({
          timestamp: result.startedAt,
          date,
          index: ix.index,
          status: ix.status,
          spot: ix.spot,
          atm: ix.atm,
          options: ix.options,
          expiries: ix.expiries.length,
          strike_coverage: Math.round(ix.strikeCoverageAvg * 1e4) / 1e4,
          field_coverage: Math.round(ix.fieldCoverageAvg * 1e4) / 1e4,
          pcr: pcrOf(rows.get(ix.index) ?? []),
          failures: ix.failures,
          source: result.source,
        })),
      });
      await appendTable('errors', {
        table: 'errors',
        date,
        columns: ERROR_COLUMNS,
        rows: result.errors.map((e: ErrorRecord) => ({ ...e, ts: new Date(e.ts).toISOString(), expiry: e.expiry ?? null })),
      });
      const report = await store.commit?.(result.cycle);
      if (report) recordCommit(report);
      else for (const table of STORE_TABLES) m.csIngestBacklogRows.set({ table }, table === 'options' ? store.stats().backlogRows : 0);
      await writePanels();
      bus.publish('pipeline', 'cycle', { cycle: result.cycle, started_at: result.startedAt, duration_ms: result.durationMs, totals: result.totals, failed: result.failed });
      if (result.alerts.total > 0) bus.publish('alerts', 'alerts', { cycle: result.cycle, ...result.alerts });
      if (natsBus) {
        for (const [index, indexRows] of rows) if (indexRows.length > 0) natsBus.publish(`g6.options.${subjectToken(index)}`, packRowColumns({ cycle: result.cycle, timestamp: result.startedAt, index }, indexRows), 'application/msgpack');
        natsBus.flush();
      }
    };

    // benchmark cycle state
    let bench: BenchRun | null = null;
    let benchDueAt = config.bench.intervalSeconds > 0 ? Date.now() : Number.POSITIVE_INFINITY;
    let benchStepMs = 0;
    const benchStep = async (): Promise<void> => {
      if (!bench) bench = new BenchRun(config, Date.parse(config.simulatedStart || '2025-11-03T04:00:00Z'));
      benchStepMs = await bench.step();
      if (bench.done) {
        const summary: BenchSummary = bench.finish(join(config.dataDir, 'bench', 'baseline.json'), new Date().toISOString());
        state.bench = summary;
        m.benchPipelineP50Seconds.set({}, summary.p50_s);
        m.benchPipelineP95Seconds.set({}, summary.p95_s);
        m.benchDeltaP50Pct.set({}, summary.delta_p50_pct);
        m.benchDeltaP95Pct.set({}, summary.delta_p95_pct);
        log(`g6 run: bench p50=${(summary.p50_s * 1000).toFixed(1)}ms p95=${(summary.p95_s * 1000).toFixed(1)}ms Δp95=${summary.delta_p95_pct}%`);
        bench = null;
        benchDueAt = Date.now() + config.bench.intervalSeconds * 1000;
      }
    };

    state.phase = 'running';
    const simStart = config.simulatedStart !== '' ? Date.parse(config.simulatedStart) : undefined;
    const stepMs = cycleStepSeconds(config) * 1000;
    const total = config.cycles > 0 ? String(config.cycles) : '∞';
    let reason: RunOutcome['reason'] = 'completed';
    let tick = 0;
    while (!opts.signal.aborted) {
      const wallStart = Date.now();
      const cycleTime = simStart !== undefined ? simStart + tick * stepMs : wallStart;
      tick++;
      const open = !config.marketHoursOnly || isMarketOpen(cycleTime, { holidays: config.holidays });
      state.marketOpen = open;
      m.marketSessionOpen.set({}, open ? 1 : 0);
      if (!open) {
        for (const ix of config.indices) m.streamSkipsTotal.inc({ index: ix.name as IndexLabel, reason: 'market_closed' });
        if (tick === 1 || tick % 20 === 0) log(`g6 run: market closed at ${new Date(cycleTime).toISOString()}; waiting (marketHoursOnly)`);
        await sleep(simStart !== undefined ? 0 : Math.max(stepMs, 1000), opts.signal);
        continue;
      }
      state.cycle++;
      let failed: boolean;
      try {
        const { result, rows } = await runCycle(deps, state.cycle, cycleTime);
        await afterCycle(result, rows, cycleTime);
        await nextTurn();
        const parityOutcome = await parity.observe(result, cycleTime);
        failed = result.failed;
        const t = result.totals;
        log(
          `g6 run: cycle ${state.cycle}/${total} ok=${t.ok} partial=${t.partial} empty=${t.empty} rows=${t.rows} alerts=${result.alerts.total} errors=${result.errors.length} ${(result.durationMs / 1000).toFixed(3)}s${failed ? ' FAILED' : ''}${formatParitySuffix(parityOutcome)}`,
        );
      } catch (err) {
        failed = true;
        log(`g6 run: cycle ${state.cycle}/${total} FAILED: ${(err as Error).message}`);
      }
      state.consecutiveFailures = failed ? state.consecutiveFailures + 1 : 0;
      if (config.maxConsecutiveFailures > 0 && state.consecutiveFailures >= config.maxConsecutiveFailures) {
        log(`g6 run: ${state.consecutiveFailures} consecutive failed cycles (maxConsecutiveFailures=${config.maxConsecutiveFailures}); stopping`);
        reason = 'failed';
        break;
      }
      if (config.cycles > 0 && state.cycle >= config.cycles) break;
      // idle until the next cycle is due; benchmark steps run only in this gap
      const nextDue = wallStart + config.intervalSeconds * 1000;
      if (Date.now() >= benchDueAt && config.intervalSeconds === 0) await benchStep();
      while (!opts.signal.aborted && Date.now() >= benchDueAt && nextDue - Date.now() > benchStepMs * 1.5 + 5) await benchStep();
      await sleep(nextDue - Date.now(), opts.signal);
    }
    if (opts.signal.aborted && reason === 'completed') reason = 'signal';
    state.phase = 'stopped';
    rm.batcher?.drain('close');
    await writePanels();
    if (reason === 'completed' && server && config.lingerSeconds > 0) {
      log(`g6 run: cycles done; serving http://${server.address} for ${config.lingerSeconds}s more (linger)`);
      await sleep(config.lingerSeconds * 1000, opts.signal);
    }
    return { reason, cycles: state.cycle, consecutiveFailures: state.consecutiveFailures, address: server?.address ?? null };
  } finally {
    rm.close();
    await server?.close();
    await provider?.close?.();
    await parity?.close();
    await sink?.close();
    await natsBus?.close();
  }
}

/** The typed body of /api/status. */
export interface UnifiedStatus {
  version: string;
  spec_hash: string;
  phase: RuntimeState['phase'];
  cycle: number;
  cycles_planned: number;
  interval_s: number;
  started_at: string;
  market_open: boolean;
  provider: RuntimeState['provider'];
  last_cycle: { cycle: number; started_at: string; duration_ms: number; failed: boolean; totals: CycleResult['totals']; alerts_total: number } | null;
  indices: { index: string; status: string; options: number; spot: number | null; atm: number | null; failures: number; last_success_at: string | null; last_error: ErrorRecord | null }[];
  resources: { rss_mb: number; peak_rss_mb: number; heap_used_mb: number; uptime_s: number; cycle_p50_ms: number; cycle_p95_ms: number };
  recent_errors: ErrorRecord[];
  storage: RuntimeState['storage'];
  bench: BenchSummary | null;
}

function unifiedStatus(s: RuntimeState): UnifiedStatus {
  const mem = memorySample();
  const last = s.last;
  return {
    version: s.version,
    spec_hash: s.specHash,
    phase: s.phase,
    cycle: s.cycle,
    cycles_planned: s.cyclesPlanned,
    interval_s: s.intervalSeconds,
    started_at: new Date(s.startedAt).toISOString(),
    market_open: s.marketOpen,
    provider: s.provider,
    last_cycle: last ? { cycle: last.cycle, started_at: last.startedAt, duration_ms: last.durationMs, failed: last.failed, totals: last.totals, alerts_total: last.alerts.total } : null,
    indices: (last?.indices ?? []).map((ix) => {
      const ok = s.indexLastSuccess.get(ix.index);
      const lastError = [...s.recentErrors].reverse().find((e) => e.index === ix.index) ?? null;
      return { index: ix.index, status: ix.status, options: ix.options, spot: ix.spot, atm: ix.atm, failures: ix.failures, last_success_at: ok === undefined ? null : new Date(ok).toISOString(), last_error: lastError };
    }),
    resources: {
      rss_mb: Math.round(mem.rssMb * 10) / 10,
      peak_rss_mb: Math.round(s.peakRssMb * 10) / 10,
      heap_used_mb: Math.round(mem.heapUsedMb * 10) / 10,
      uptime_s: Math.round((Date.now() - s.startedAt) / 100) / 10,
      cycle_p50_ms: percentile(s.cycleDurationsMs, 0.5),
      cycle_p95_ms: percentile(s.cycleDurationsMs, 0.95),
    },
    recent_errors: s.recentErrors.slice(-20),
    storage: s.storage,
    bench: s.bench,
  };
}

function health(s: RuntimeState, config: RuntimeConfig): [boolean, unknown] {
  const age = s.lastCycleEndedAt === undefined ? null : (Date.now() - s.lastCycleEndedAt) / 1000;
  const staleAfter = Math.max(3 * config.intervalSeconds, 60);
  const stale = s.phase === 'running' && s.marketOpen && age !== null && age > staleAfter;
  const degraded = s.consecutiveFailures > 0;
  const status = stale ? 'stale' : degraded ? 'degraded' : 'ok';
  return [status === 'ok', { status, phase: s.phase, cycle: s.cycle, consecutive_failures: s.consecutiveFailures, last_cycle_age_s: age }];
}
