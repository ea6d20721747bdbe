/**
 * One collection cycle: per index atm → instruments → expiry map → per expiry strike ladder →
 * quotes → enrich → validate → coverage → status; then persist per index and aggregate once.
 * A fatal error stops its index, never the cycle; recoverable errors are retried by the phase runner.
 */
import type { IndexConfig, RuntimeConfig } from '../config';
import { daysToExpiry, istDate, resolveExpiryRules, type ExpiryRule } from '../market/calendar';
import type { Rng } from '../market/rng';
import type { OptionChainProvider } from '../providers/types';
import type { AppendResult, StorageSink } from '../storage/sink';
import { aggregateAlerts } from './alerts';
import { buildStrikeLadder, computeCoverage, emptyExpiry, enrichQuotes, validateRows } from './chain';
import { PhaseFatalError, PhaseRecoverableError } from './errors';
import { PhaseFailure, runPhase, type PhaseMetrics, type PhaseRunContext } from './phase-runner';
import { OPTION_ROW_COLUMNS, type CycleResult, type ErrorRecord, type ExpiryResult, type IndexResult, type OptionRow, type PartialReason, type Status } from './types';

/** What a cycle needs besides its number and clock time. */
export interface CycleDeps {
  config: RuntimeConfig;
  provider: OptionChainProvider;
  sink: StorageSink;
  metrics: PhaseMetrics & {
    pipelineIndexFatalTotal: { inc(labels: { index: string }, value?: number): void };
    pipelineIndexRecoverableTotal: { inc(labels: { index: string }, value?: number): void };
  };
  rng: Rng;
  sleep(ms: number): Promise<void>;
  /**
   * Lets other work on the event loop run (an HTTP scrape, a signal) between units of the cycle:
   * before each index, each expiry, each persist and the aggregate phase. Absent: no pauses.
   */
  yieldTurn?(): Promise<void>;
  /** Called after each successful append (storage metrics). */
  onPersist?(result: AppendResult, seconds: number): void;
  /** Called when an append attempt fails (storage metrics). */
  onPersistError?(record: ErrorRecord): void;
  /** Called in the aggregate phase with every index's rows (option-chain gauges). */
  onAggregate?(rowsByIndex: ReadonlyMap<string, readonly OptionRow[]>): void;
  /** Receives every error record as it happens. */
  onError?(record: ErrorRecord): void;
}

export interface CycleOutput {
  result: CycleResult;
  /** The cycle's rows per index (already persisted); not part of the serialisable result. */
  rows: ReadonlyMap<string, readonly OptionRow[]>;
}

/**
 * One turn of the event loop (setImmediate): pending I/O (an HTTP request, a signal) is handled
 * before the caller goes on. A live cycle takes one between its units of work
 * ({@link CycleDeps.yieldTurn}): it is otherwise synchronous code and microtasks, and a scrape
 * would wait for the whole cycle.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolveTurn) => setImmediate(resolveTurn));
}

function statusOf(expiries: readonly ExpiryResult[], options: number, failures: number): Status {
  if (options === 0) return 'EMPTY';
  return failures > 0 || expiries.some((e) => e.status !== 'OK') ? 'PARTIAL' : 'OK';
}

function mean(xs: readonly number[]): number {
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

async function collectIndex(deps: CycleDeps, ctx: PhaseRunContext, cfg: IndexConfig, cycleTime: number, ts: string, date: string): Promise<{ result: IndexResult; rows: OptionRow[] }> {
  const started = performance.now();
  const { config, provider } = deps;
  const unit = { index: cfg.name };
  const attempts = { count: 0 };
  const expiries: ExpiryResult[] = [];
  const rows: OptionRow[] = [];
  let failures = 0;
  let spot: number | null = null;
  let atm: number | null = null;
  let fatal: ErrorRecord | undefined;
  let persisted = false;
  const finish = (): { result: IndexResult; rows: OptionRow[] } => {
    const withRows = expiries.filter((e) => e.options > 0);
    const options = rows.length;
    return {
      result: {
        index: cfg.name,
        status: statusOf(expiries, options, failures),
        spot,
        atm,
        options,
        expiries,
        attempts: attempts.count,
        failures,
        elapsedMs: Math.round((performance.now() - started) * 1000) / 1000,
        strikeCoverageAvg: mean(withRows.map((e) => e.strikeCoverage)),
        fieldCoverageAvg: mean(withRows.map((e) => e.fieldCoverage)),
        persisted,
        ...(fatal ? { fatal } : {}),
      },
      rows,
    };
  };
  const indexFailed = (f: PhaseFailure): void => {
    failures++;
    if (f.classification === 'fatal') {
      fatal = f.record;
      deps.metrics.pipelineIndexFatalTotal.inc({ index: cfg.name });
    } else if (f.classification === 'recoverable_exhausted') deps.metrics.pipelineIndexRecoverableTotal.inc({ index: cfg.name });
  };
  try {
    const q = await runPhase(
      ctx,
      'atm',
      unit,
      async () => {
        const [quote, strike] = await Promise.all([provider.getIndexQuote(cfg.name), provider.getAtmStrike(cfg.name)]);
        if (!(quote.spot > 0) || !(strike > 0)) throw new PhaseRecoverableError(`no usable spot/ATM for ${cfg.name}`, 'no_atm');
        return { spot: quote.spot, atm: strike };
      },
      { timed: true, attempts },
    );
    spot = q.spot;
    atm = q.atm;
    const listed = await runPhase(
      ctx,
      'instruments',
      unit,
      async () => {
        const list = await provider.listExpiries(cfg.name);
        if (list.length === 0) throw new PhaseFatalError(`empty instrument universe for ${cfg.name}`, 'empty_instrument_universe');
        return list;
      },
      { timed: true, attempts },
    );
    const map = await runPhase(
      ctx,
      'expiry_map',
      unit,
      () => {
        const sched = { weekday: cfg.expiryWeekday, weekly: cfg.weekly };
        const resolved = resolveExpiryRules(listed, sched, { holidays: config.holidays });
        const byDate = new Map<string, ExpiryRule[]>();
        for (const rule of cfg.expiryRules) {
          const d = resolved[rule];
          if (d === undefined) {
            const rec: ErrorRecord = { ts: cycleTime, cycle: ctx.cycle, index: cfg.name, phase: 'expiry_map', classification: 'abort', reason: 'unresolved_rule', message: `no listed expiry for rule ${rule}`, attempt: 1 };
            ctx.metrics.pipelinePhaseErrorRecordsTotal.inc({ phase: 'expiry_map', classification: 'abort' });
            ctx.record(rec);
            continue;
          }
          const rules = byDate.get(d) ?? [];
          rules.push(rule);
          byDate.set(d, rules);
        }
        if (byDate.size === 0) throw new PhaseFatalError(`no configured expiry rule of ${cfg.name} resolves to a listed expiry`, 'empty_expiry_map');
        return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1));
      },
      { timed: false, attempts },
    );
    for (const [expiry, rules] of map) {
      await deps.yieldTurn?.();
      const eunit = { index: cfg.name, expiry };
      const dteDays = daysToExpiry(cycleTime, expiry);
      let ladder: number[] = [];
      try {
        ladder = await runPhase(ctx, 'strike_ladder', eunit, () => buildStrikeLadder(q.atm, cfg), { timed: false, attempts });
        const quotes = await runPhase(
          ctx,
          'quotes',
          eunit,
          async () => {
            const chain = await provider.fetchOptionChain(cfg.name, expiry, ladder);
            if (chain.length === 0) throw new PhaseRecoverableError(`empty option chain for ${cfg.name} ${expiry}`, 'empty_chain');
            return chain;
          },
          { timed: true, attempts },
        );
        const enriched = await runPhase(
          ctx,
          'enrich',
          eunit,
          () => enrichQuotes(quotes, { cycleTime, timestamp: ts, date, index: cfg, expiry, rules, dteDays, spot: q.spot, atm: q.atm, source: provider.source, greeks: config.greeks }),
          { timed: false, attempts },
        );
        const valid = await runPhase(ctx, 'validate', eunit, () => validateRows(enriched, ladder, config.staleQuoteSeconds), { timed: false, attempts });
        const cov = await runPhase(ctx, 'coverage', eunit, () => computeCoverage(valid.rows, ladder, config.coverage), { timed: false, attempts });
        let spreadSum = 0;
        let volume = 0;
        for (const r of valid.rows) {
          spreadSum += r.spread_bps / 100;
          volume += r.volume;
        }
        for (const r of valid.rows) rows.push(r);
        expiries.push({
          expiry,
          rules,
          dteDays: Math.round(dteDays * 1e4) / 1e4,
          status: cov.status,
          ...(cov.partialReason ? { partialReason: cov.partialReason } : {}),
          options: valid.rows.length,
          strikes: ladder.length,
          strikeCoverage: cov.strikeCoverage,
          fieldCoverage: cov.fieldCoverage,
          perStrike: cov.perStrike,
          dropped: { stale: valid.stale, invalid: valid.invalid },
          meanSpreadPct: valid.rows.length > 0 ? spreadSum / valid.rows.length : 0,
          volume,
        });
      } catch (err) {
        if (!(err instanceof PhaseFailure)) throw err;
        if (err.classification === 'fatal') throw err;
        // recoverable (exhausted) or abort: this expiry is empty, the index goes on
        const rec = emptyExpiry(expiry, rules, Math.round(dteDays * 1e4) / 1e4, ladder.length);
        rec.error = err.record;
        expiries.push(rec);
        if (err.classification === 'recoverable_exhausted') {
          failures++;
          deps.metrics.pipelineIndexRecoverableTotal.inc({ index: cfg.name });
        }
      }
    }
    if (rows.length > 0) {
      await deps.yieldTurn?.();
      const t0 = performance.now();
      const res = await runPhase(ctx, 'persist', unit, () => deps.sink.append({ table: 'options', index: cfg.name, date, columns: OPTION_ROW_COLUMNS, rows: rows as unknown as Record<string, unknown>[] }), { timed: true, attempts });
      deps.onPersist?.(res, (performance.now() - t0) / 1000);
      persisted = true;
    }
  } catch (err) {
    if (!(err instanceof PhaseFailure)) throw err;
    indexFailed(err);
  }
  return finish();
}

/**
 * Run cycle `cycle` at clock time `cycleTime` (epoch ms). Never throws for provider or storage
 * failures (they become error records and statuses); throws only for bugs.
 */
export async function runCycle(deps: CycleDeps, cycle: number, cycleTime: number): Promise<CycleOutput> {
  const started = performance.now();
  const errors: ErrorRecord[] = [];
  let bytes = 0;
  const outer = deps;
  deps = {
    ...outer,
    onPersist: (res, seconds) => {
      bytes += res.bytes;
      outer.onPersist?.(res, seconds);
    },
  };
  const ctx: PhaseRunContext = {
    retry: deps.config.retry,
    timeoutMs: deps.config.phaseTimeoutMs,
    metrics: deps.metrics,
    rng: deps.rng,
    sleep: deps.sleep,
    cycle,
    now: () => cycleTime,
    record: (rec) => {
      errors.push(rec);
      if (rec.phase === 'persist') deps.onPersistError?.(rec);
      deps.onError?.(rec);
    },
  };
  if (deps.provider.beginCycle) {
    // a provider that fetches its whole chain per cycle does it here: timed, retried and recorded
    // like every other provider call, and a failure leaves the indices to come out empty
    const begin = deps.provider.beginCycle.bind(deps.provider);
    try {
      await runPhase({ ...ctx, timeoutMs: deps.provider.beginCycleTimeoutMs ?? ctx.timeoutMs }, 'instruments', { index: '*' }, () => begin(cycleTime));
    } catch (err) {
      if (!(err instanceof PhaseFailure)) throw err;
    }
  }
  const ts = new Date(cycleTime).toISOString();
  const date = istDate(cycleTime);
  const indices: IndexResult[] = [];
  const rowsByIndex = new Map<string, readonly OptionRow[]>();
  for (const cfg of deps.config.indices) {
    await deps.yieldTurn?.();
    const { result, rows } = await collectIndex(deps, ctx, cfg, cycleTime, ts, date);
    indices.push(result);
    rowsByIndex.set(cfg.name, rows);
  }
  await deps.yieldTurn?.();
  try {
    await runPhase(
      ctx,
      'aggregate',
      { index: '*' },
      () => deps.onAggregate?.(rowsByIndex),
      { timed: false },
    );
  } catch (err) {
    if (!(err instanceof PhaseFailure)) throw err;
  }
  const partialReasonTotals: Record<PartialReason, number> = { low_strike: 0, low_field: 0, low_both: 0 };
  let expiriesTotal = 0;
  for (const ix of indices)
    for (const e of ix.expiries) {
      expiriesTotal++;
      if (e.partialReason) partialReasonTotals[e.partialReason]++;
    }
  const options = indices.reduce((a, i) => a + i.options, 0);
  const result: CycleResult = {
    cycle,
    startedAt: ts,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    source: deps.provider.source,
    indices,
    totals: {
      indices: indices.length,
      options,
      expiries: expiriesTotal,
      ok: indices.filter((i) => i.status === 'OK').length,
      partial: indices.filter((i) => i.status === 'PARTIAL').length,
      empty: indices.filter((i) => i.status === 'EMPTY').length,
      rows: indices.filter((i) => i.persisted).reduce((a, i) => a + i.options, 0),
      bytes,
    },
    partialReasonTotals,
    alerts: aggregateAlerts(indices, deps.config.alerts),
    errors,
    failed: options === 0,
  };
  return { result, rows: rowsByIndex };
}
