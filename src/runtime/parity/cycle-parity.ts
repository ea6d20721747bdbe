/**
 * Per-cycle parity work of `g6 run`: writes the cycle's snapshot summary and, with a baseline,
 * scores the cycle against it, keeps the persisted rolling window, sets the parity gauges and
 * emits the alert-parity anomaly event.
 */
import { join } from 'node:path';
import { COMPONENT_NAMES } from '../../parity/components';
import { diffAlerts } from '../../parity/report';
import { averageLast, loadRollingState, pushRollingScore, saveRollingState, type RollingState } from '../../parity/rolling';
import { scoreParity, type ParityResult } from '../../parity/score';
import { parseOptionalWeights, type WeightMap } from '../../parity/weights';
import type { RuntimeConfig } from '../config';
import type { G6Metrics } from '../metrics/accessors';
import type { CycleResult } from '../pipeline/types';
import { alertParityAnomalous, buildAnomalyEvent, stepAnomalyTrigger, type AnomalyOptions } from './anomaly';
import { openParityBaseline, type ParityBaseline } from './baseline';
import { parseBaselineSpec } from './baseline-spec';
import { SnapshotStore } from './snapshot-store';
import { buildSnapshotSummary } from './snapshot-summary';

/** Where the rolling window lives, relative to the data dir. */
export const ROLLING_STATE_FILE = join('parity', 'rolling_state.json');
/** Where cycle snapshots go, relative to the data dir. */
export const SNAPSHOT_DIR = 'snapshots';

/** What one cycle's parity step did (for the cycle log line and /api/status). */
export interface CycleParityOutcome {
  snapshotFile: string | null;
  parity?: ParityResult;
  rolling?: { window: number; avg: number; count: number };
  alertDiff?: number | null;
  anomaly: boolean;
  /** Wall time spent producing the baseline snapshot (the baseline cycle or file read), ms. */
  baselineMs?: number;
  /** Why this cycle was not compared, when a baseline is configured. */
  skipped?: string;
}

export interface CycleParity {
  /** Start-up description (null when no baseline is configured). */
  readonly baselineDescription: string | null;
  observe(result: CycleResult, cycleTime: number): Promise<CycleParityOutcome>;
  close(): Promise<void>;
}

type ParityGauges = Pick<G6Metrics, 'pipelineParityScore' | 'pipelineParityRollingAvg' | 'pipelineAlertParityDiff' | 'pipelineParityAnomaliesTotal'>;

export interface CycleParityOptions {
  config: RuntimeConfig;
  cwd: string;
  metrics: ParityGauges;
  /** One line, no newline: the anomaly event JSON and warnings. */
  log(line: string): void;
  warn(message: string): void;
}

/**
 * Open the snapshot store and the baseline. Without a baseline the parity gauges are NaN (no
 * comparison: parity alerts stay silent and `ci-gate` reports the parity as missing). With one,
 * the rolling gauge starts from the persisted window. Throws InputError (exit 3) when the
 * baseline cannot be opened or the rolling state file is corrupt.
 */
export async function createCycleParity(opts: CycleParityOptions): Promise<CycleParity> {
  const { config, metrics: m } = opts;
  const store = config.snapshots.enabled ? new SnapshotStore({ dir: join(config.dataDir, SNAPSHOT_DIR), keep: config.snapshots.keep, warn: opts.warn }) : null;
  const spec = config.parity.baseline === '' ? undefined : parseBaselineSpec(config.parity.baseline, opts.cwd);
  const baseline: ParityBaseline | null = spec ? await openParityBaseline(spec, config, opts.cwd) : null;
  const weights: WeightMap | undefined = parseOptionalWeights(config.parity.weights, COMPONENT_NAMES);
  const alertWeights: WeightMap | undefined = parseOptionalWeights(config.parity.alertWeights);
  const anomalyOpts: AnomalyOptions = { threshold: config.parity.anomalyThreshold, minCategories: config.parity.anomalyMinCategories };
  const stateFile = join(config.dataDir, ROLLING_STATE_FILE);
  let rolling: RollingState | undefined = baseline ? loadRollingState(stateFile) : undefined;
  let anomalous = false;
  let ordinal = 0;

  m.pipelineParityScore.set({}, Number.NaN);
  m.pipelineAlertParityDiff.set({}, Number.NaN);
  m.pipelineParityRollingAvg.set({}, averageLast(rolling?.scores ?? [], config.parity.rollingWindow));

  return {
    baselineDescription: baseline?.description ?? null,
    async observe(result, cycleTime) {
      const live = buildSnapshotSummary(result);
      const snapshotFile = store ? await store.write(live) : null;
      if (!baseline) return { snapshotFile, anomaly: false };
      ordinal++;
      const t0 = performance.now();
      let answer;
      try {
        answer = await baseline.next(result.cycle, cycleTime, ordinal);
      } catch (err) {
        answer = { reason: `baseline failed: ${(err as Error).message}` };
      }
      const baselineMs = performance.now() - t0;
      if (answer.summary === undefined) {
        m.pipelineParityScore.set({}, Number.NaN);
        m.pipelineAlertParityDiff.set({}, Number.NaN);
        return { snapshotFile, anomaly: false, baselineMs, skipped: answer.reason };
      }
      const parity = scoreParity(answer.summary, live, { weights, alertWeights });
      const pushed = pushRollingScore(rolling, parity.score, config.parity.rollingWindow);
      rolling = pushed.state;
      try {
        saveRollingState(stateFile, rolling);
      } catch (err) {
        opts.warn(`parity rolling state ${stateFile}: ${(err as Error).message}`);
      }
      const diff = diffAlerts(answer.summary, live, parity);
      m.pipelineParityScore.set({}, parity.score);
      m.pipelineParityRollingAvg.set({}, pushed.summary.avg);
      m.pipelineAlertParityDiff.set({}, diff.weighted_diff_norm ?? Number.NaN);
      const step = stepAnomalyTrigger(anomalous, alertParityAnomalous(diff, anomalyOpts));
      anomalous = step.anomalous;
      if (step.emit) {
        m.pipelineParityAnomaliesTotal.inc({});
        opts.log(JSON.stringify(buildAnomalyEvent({ ts: result.startedAt, cycle: result.cycle, parity, diff, opts: anomalyOpts, baseline: answer.label })));
      }
      return { snapshotFile, parity, rolling: pushed.summary, alertDiff: diff.weighted_diff_norm, anomaly: step.emit, baselineMs };
    },
    async close() {
      await baseline?.close();
    },
  };
}

/** The cycle log line's parity suffix, e.g. ` parity=0.998 avg=0.999 baseline=21ms`; empty without a baseline. */
export function formatParitySuffix(o: CycleParityOutcome): string {
  if (o.baselineMs === undefined) return '';
  if (!o.parity) return ` parity=n/a (${o.skipped ?? 'no baseline'})`;
  return ` parity=${o.parity.score.toFixed(3)} avg=${(o.rolling?.avg ?? o.parity.score).toFixed(3)}${o.anomaly ? ' ANOMALY' : ''} baseline=${o.baselineMs.toFixed(0)}ms`;
}
