/**
 * The one typed configuration object of `g6 run`: defaults → config file (JSON or YAML) →
 * `G6_*` environment → command-line flags. Every bad value names its key and its source.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { InputError } from '../core/errors';
import { COMPONENT_NAMES } from '../parity/components';
import { parseOptionalWeights, WeightsFormatError } from '../parity/weights';
import { EXPIRY_RULES, type ExpiryRule } from './market/calendar';
import type { BatcherOptions } from './metrics/batcher';
import { baselineSpecProblem } from './parity/baseline-spec';
import { PLUGIN_SPEC } from './providers/plugin-spec';

export interface IndexConfig {
  /** Index symbol, e.g. NIFTY. */
  name: string;
  /** Exchange of the underlying quote (NSE, BSE). */
  exchange: string;
  /** Exchange where the options trade (NFO, BFO). */
  optionExchange: string;
  strikeStep: number;
  /** Weekday of expiry, 0=Sunday…6=Saturday. */
  expiryWeekday: number;
  /** Whether weekly contracts are listed (monthly always are). */
  weekly: boolean;
  /** Simulated spot at the start of a run. */
  basePrice: number;
  /** Annualised volatility of the simulated spot and the ATM implied vol. */
  annualVol: number;
  strikesItm: number;
  strikesOtm: number;
  expiryRules: ExpiryRule[];
}

export interface FaultRates {
  /** Probability that a provider call hangs past the phase timeout. */
  timeout: number;
  /** Probability that a chain comes back empty. */
  empty: number;
  /** Probability that a chain's quotes are stale. */
  stale: number;
  /** Probability that a provider call throws a (recoverable) error. */
  error: number;
  /** Probability that an index's instrument universe is empty (fatal for that index). */
  fatal: number;
}

export interface RuntimeConfig {
  /** Cycles to run; 0 = until stopped. */
  cycles: number;
  intervalSeconds: number;
  seed: number;
  /** `sim` or `<module>:<export>`. */
  provider: string;
  /** `host:port` of the HTTP server; empty string disables it. */
  listen: string;
  dataDir: string;
  /** After the last planned cycle keep serving HTTP this many seconds (a final scrape), or until stopped. */
  lingerSeconds: number;
  /** Exit with RUN_FAILED after this many consecutive failed cycles; 0 = never. */
  maxConsecutiveFailures: number;
  /** Only collect during 09:15–15:30 IST on trading days. */
  marketHoursOnly: boolean;
  holidays: string[];
  /** Start the run's clock at this ISO instant and advance it by the interval each cycle (deterministic replays); empty = wall clock. */
  simulatedStart: string;
  phaseTimeoutMs: number;
  retry: { maxAttempts: number; baseMs: number; jitterMs: number; capMs: number };
  greeks: { enabled: boolean; riskFreeRate: number; ivMin: number; ivMax: number; ivMaxIterations: number; ivPrecision: number };
  coverage: { strikeOk: number; fieldOk: number };
  /** Quotes older than this are stale: dropped by validation, raising the stale_quote alert. */
  staleQuoteSeconds: number;
  alerts: { wideSpreadPct: number; liquidityMinRatio: number };
  faults: FaultRates & { timeoutDelayMs: number };
  storage: { format: 'csv' | 'ndjson' };
  panels: { enabled: boolean; legacyCompat: boolean };
  bench: { intervalSeconds: number; warmup: number; cycles: number; p95RegressionThresholdPct: number };
  /** The emission batcher's options (documented on BatcherOptions), plus the switch. */
  batch: { enabled: boolean } & Omit<BatcherOptions, 'now'>;
  /** Shadow parity against a baseline (docs/parity.md#shadow-parity-in-g6-run). */
  parity: {
    /** `sim`, `sim:<seed>`, `<module>:<export>` or a directory of snapshot summaries; "" = off. */
    baseline: string;
    /** How recorded snapshots are matched to live cycles: by `cycle` number or in file `order`. */
    baselineMatch: 'cycle' | 'order';
    /** Component weights, `comp:w,...` (src/parity/weights.ts); "" = equal weights. */
    weights: string;
    /** Alert category weights, `cat:w,...`; "" = 1 each. */
    alertWeights: string;
    /** Cycles in the rolling average (persisted in <data-dir>/parity/rolling_state.json). */
    rollingWindow: number;
    /** Alert parity diff at or above which an anomaly event is emitted; negative = never. */
    anomalyThreshold: number;
    /** Alert categories (non-zero on either side) needed before an anomaly can be emitted. */
    anomalyMinCategories: number;
  };
  /** Per-cycle snapshot summaries under <data-dir>/snapshots/. */
  snapshots: { enabled: boolean; keep: number };
  indices: IndexConfig[];
}

function idx(
  name: string,
  exchange: string,
  optionExchange: string,
  strikeStep: number,
  expiryWeekday: number,
  basePrice: number,
  annualVol: number,
): IndexConfig {
  return { name, exchange, optionExchange, strikeStep, expiryWeekday, weekly: true, basePrice, annualVol, strikesItm: 20, strikesOtm: 20, expiryRules: [...EXPIRY_RULES] };
}

/** Seconds one cycle advances a simulated clock: the interval, or 30 s when the interval is 0. */
export function cycleStepSeconds(config: Pick<RuntimeConfig, 'intervalSeconds'>): number {
  return config.intervalSeconds > 0 ? config.intervalSeconds : 30;
}

/** Defaults: a credential-free simulated run of five indices, metrics on 127.0.0.1:9108. */
export function defaultRuntimeConfig(): RuntimeConfig {
  return {
    cycles: 0,
    intervalSeconds: 30,
    seed: 1,
    provider: 'sim',
    listen: '127.0.0.1:9108',
    dataDir: './data',
    maxConsecutiveFailures: 5,
    lingerSeconds: 0,
    marketHoursOnly: false,
    holidays: [],
    simulatedStart: '',
    phaseTimeoutMs: 2000,
    retry: { maxAttempts: 3, baseMs: 50, jitterMs: 25, capMs: 2000 },
    greeks: { enabled: true, riskFreeRate: 0.065, ivMin: 0.01, ivMax: 3, ivMaxIterations: 100, ivPrecision: 1e-5 },
    coverage: { strikeOk: 0.75, fieldOk: 0.55 },
    staleQuoteSeconds: 45,
    alerts: { wideSpreadPct: 5, liquidityMinRatio: 0.05 },
    faults: { timeout: 0, empty: 0, stale: 0, error: 0, fatal: 0, timeoutDelayMs: 10_000 },
    storage: { format: 'csv' },
    panels: { enabled: true, legacyCompat: false },
    bench: { intervalSeconds: 0, warmup: 2, cycles: 8, p95RegressionThresholdPct: 10 },
    batch: {
      enabled: true,
      flushIntervalMs: 1000,
      maxQueue: 10_000,
      maxDrainPerFlush: 5000,
      targetIntervalMs: 200,
      minSize: 50,
      maxSize: 5000,
      underUtilThreshold: 0.3,
      underUtilConsec: 3,
      idleDecayAlpha: 0.6,
      maxWaitMs: 750,
    },
    parity: { baseline: '', baselineMatch: 'cycle', weights: '', alertWeights: '', rollingWindow: 200, anomalyThreshold: 0.5, anomalyMinCategories: 2 },
    snapshots: { enabled: true, keep: 2880 },
    indices: [
      idx('NIFTY', 'NSE', 'NFO', 50, 2, 24800, 0.13),
      idx('BANKNIFTY', 'NSE', 'NFO', 100, 2, 54000, 0.16),
      idx('FINNIFTY', 'NSE', 'NFO', 50, 2, 25950, 0.15),
      idx('MIDCPNIFTY', 'NSE', 'NFO', 25, 2, 12000, 0.18),
      idx('SENSEX', 'BSE', 'BFO', 100, 4, 81000, 0.13),
    ],
  };
}

type Kind = 'int' | 'number' | 'boolean' | 'string' | 'rate' | 'format' | 'list';

interface Key {
  /** Dotted path in RuntimeConfig. */
  path: string;
  kind: Kind;
  /** Environment variable(s), first wins. */
  env: string[];
  min?: number;
}

/** Every scalar key: its path, type and environment names. `indices` is file-only. */
export const CONFIG_KEYS: readonly Key[] = [
  { path: 'cycles', kind: 'int', env: ['G6_CYCLES'], min: 0 },
  { path: 'intervalSeconds', kind: 'number', env: ['G6_INTERVAL_SECONDS'], min: 0 },
  { path: 'seed', kind: 'int', env: ['G6_SEED'], min: 0 },
  { path: 'provider', kind: 'string', env: ['G6_PROVIDER', 'G6_OPTION_CHAIN_PROVIDER'] },
  { path: 'listen', kind: 'string', env: ['G6_LISTEN'] },
  { path: 'dataDir', kind: 'string', env: ['G6_DATA_DIR'] },
  { path: 'lingerSeconds', kind: 'number', env: ['G6_LINGER_SECONDS'], min: 0 },
  { path: 'maxConsecutiveFailures', kind: 'int', env: ['G6_MAX_CONSECUTIVE_FAILURES'], min: 0 },
  { path: 'marketHoursOnly', kind: 'boolean', env: ['G6_MARKET_HOURS_ONLY'] },
  { path: 'holidays', kind: 'list', env: ['G6_HOLIDAYS'] },
  { path: 'simulatedStart', kind: 'string', env: ['G6_SIMULATED_START'] },
  { path: 'phaseTimeoutMs', kind: 'int', env: ['G6_PHASE_TIMEOUT_MS'], min: 1 },
  { path: 'retry.maxAttempts', kind: 'int', env: ['G6_RETRY_MAX_ATTEMPTS'], min: 1 },
  { path: 'retry.baseMs', kind: 'number', env: ['G6_RETRY_BASE_MS'], min: 0 },
  { path: 'retry.jitterMs', kind: 'number', env: ['G6_RETRY_JITTER_MS'], min: 0 },
  { path: 'retry.capMs', kind: 'number', env: ['G6_RETRY_CAP_MS'], min: 0 },
  { path: 'greeks.enabled', kind: 'boolean', env: ['G6_GREEKS_ENABLED'] },
  { path: 'greeks.riskFreeRate', kind: 'number', env: ['G6_RISK_FREE_RATE'] },
  { path: 'greeks.ivMin', kind: 'number', env: ['G6_IV_MIN'], min: 0 },
  { path: 'greeks.ivMax', kind: 'number', env: ['G6_IV_MAX'], min: 0 },
  { path: 'greeks.ivMaxIterations', kind: 'int', env: ['G6_IV_MAX_ITERATIONS'], min: 1 },
  { path: 'greeks.ivPrecision', kind: 'number', env: ['G6_IV_PRECISION'], min: 0 },
  { path: 'coverage.strikeOk', kind: 'rate', env: ['G6_STRIKE_COVERAGE_OK'] },
  { path: 'coverage.fieldOk', kind: 'rate', env: ['G6_FIELD_COVERAGE_OK'] },
  { path: 'staleQuoteSeconds', kind: 'number', env: ['G6_STALE_QUOTE_SECONDS'], min: 0 },
  { path: 'alerts.wideSpreadPct', kind: 'number', env: ['G6_ALERT_WIDE_SPREAD_PCT'], min: 0 },
  { path: 'alerts.liquidityMinRatio', kind: 'number', env: ['G6_ALERT_LIQUIDITY_MIN_RATIO'], min: 0 },
  { path: 'faults.timeout', kind: 'rate', env: ['G6_FAULT_TIMEOUT_RATE'] },
  { path: 'faults.empty', kind: 'rate', env: ['G6_FAULT_EMPTY_RATE'] },
  { path: 'faults.stale', kind: 'rate', env: ['G6_FAULT_STALE_RATE'] },
  { path: 'faults.error', kind: 'rate', env: ['G6_FAULT_ERROR_RATE'] },
  { path: 'faults.fatal', kind: 'rate', env: ['G6_FAULT_FATAL_RATE'] },
  { path: 'faults.timeoutDelayMs', kind: 'int', env: ['G6_FAULT_TIMEOUT_DELAY_MS'], min: 0 },
  { path: 'storage.format', kind: 'format', env: ['G6_STORAGE_FORMAT'] },
  { path: 'panels.enabled', kind: 'boolean', env: ['G6_PANELS_ENABLED'] },
  { path: 'panels.legacyCompat', kind: 'boolean', env: ['G6_PANELS_LEGACY_COMPAT'] },
  { path: 'bench.intervalSeconds', kind: 'number', env: ['G6_BENCH_INTERVAL_SECONDS'], min: 0 },
  { path: 'bench.warmup', kind: 'int', env: ['G6_BENCH_WARMUP'], min: 0 },
  { path: 'bench.cycles', kind: 'int', env: ['G6_BENCH_CYCLES'], min: 1 },
  { path: 'bench.p95RegressionThresholdPct', kind: 'number', env: ['G6_BENCH_P95_REGRESSION_THRESHOLD_PCT'] },
  { path: 'batch.enabled', kind: 'boolean', env: ['G6_METRICS_BATCH_ENABLED'] },
  { path: 'batch.flushIntervalMs', kind: 'int', env: ['G6_METRICS_BATCH_FLUSH_INTERVAL_MS'], min: 1 },
  { path: 'batch.maxQueue', kind: 'int', env: ['G6_METRICS_BATCH_MAX_QUEUE'], min: 1 },
  { path: 'batch.maxDrainPerFlush', kind: 'int', env: ['G6_METRICS_BATCH_MAX_DRAIN_PER_FLUSH'], min: 1 },
  { path: 'batch.targetIntervalMs', kind: 'int', env: ['G6_EMISSION_BATCH_TARGET_INTERVAL_MS'], min: 1 },
  { path: 'batch.minSize', kind: 'int', env: ['G6_EMISSION_BATCH_MIN_SIZE'], min: 1 },
  { path: 'batch.maxSize', kind: 'int', env: ['G6_EMISSION_BATCH_MAX_SIZE'], min: 1 },
  { path: 'batch.underUtilThreshold', kind: 'rate', env: ['G6_EMISSION_BATCH_UNDER_UTIL_THRESHOLD'] },
  { path: 'batch.underUtilConsec', kind: 'int', env: ['G6_EMISSION_BATCH_UNDER_UTIL_CONSEC'], min: 1 },
  { path: 'batch.idleDecayAlpha', kind: 'rate', env: ['G6_EMISSION_BATCH_DECAY_ALPHA_IDLE'] },
  { path: 'batch.maxWaitMs', kind: 'int', env: ['G6_EMISSION_BATCH_MAX_WAIT_MS'], min: 1 },
  { path: 'parity.baseline', kind: 'string', env: ['G6_PARITY_BASELINE'] },
  { path: 'parity.baselineMatch', kind: 'string', env: ['G6_PARITY_BASELINE_MATCH'] },
  { path: 'parity.weights', kind: 'string', env: ['G6_PARITY_WEIGHTS', 'G6_PARITY_COMPONENT_WEIGHTS'] },
  { path: 'parity.alertWeights', kind: 'string', env: ['G6_PARITY_ALERT_WEIGHTS'] },
  { path: 'parity.rollingWindow', kind: 'int', env: ['G6_PARITY_ROLLING_WINDOW'], min: 1 },
  { path: 'parity.anomalyThreshold', kind: 'number', env: ['G6_PARITY_ALERT_ANOMALY_THRESHOLD'] },
  { path: 'parity.anomalyMinCategories', kind: 'int', env: ['G6_PARITY_ALERT_ANOMALY_MIN_CATEGORIES'], min: 1 },
  { path: 'snapshots.enabled', kind: 'boolean', env: ['G6_SNAPSHOTS_ENABLED'] },
  { path: 'snapshots.keep', kind: 'int', env: ['G6_SNAPSHOTS_KEEP'], min: 0 },
];

/** Command-line spelling of the flag-settable keys whose flag name differs from the key. */
const FLAG_NAMES: Readonly<Record<string, string>> = {
  intervalSeconds: '--interval',
  'bench.intervalSeconds': '--bench-interval',
  maxConsecutiveFailures: '--max-failures',
  'storage.format': '--storage-format',
  lingerSeconds: '--linger',
  'parity.baseline': '--parity-baseline',
  'parity.weights': '--parity-weights',
  'parity.rollingWindow': '--parity-window',
};

/** Command-line flags already parsed by the command, keyed by config path. */
export type ConfigOverrides = Readonly<Record<string, string | number | boolean | undefined>>;

export interface ConfigSources {
  /** Config file path (JSON, or YAML by .yml/.yaml extension); resolved against `cwd`. */
  file?: string;
  env: NodeJS.ProcessEnv;
  flags: ConfigOverrides;
  cwd: string;
}

const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);

/** Parse a boolean the way every G6_* flag does: 0/false/no/off are false, 1/true/yes/on true, anything else an error. */
export function parseBoolean(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (FALSE_WORDS.has(v)) return false;
  if (TRUE_WORDS.has(v)) return true;
  return undefined;
}

function fail(key: string, source: string, why: string): never {
  throw new InputError(`config ${key} (from ${source}): ${why}`);
}

function coerce(key: Key, value: unknown, source: string): unknown {
  const asNumber = (): number => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) fail(key.path, source, `expected a number, got ${JSON.stringify(value)}`);
    if (key.min !== undefined && n < key.min) fail(key.path, source, `must be >= ${key.min}, got ${n}`);
    return n;
  };
  switch (key.kind) {
    case 'int': {
      const n = asNumber();
      if (!Number.isInteger(n)) fail(key.path, source, `expected an integer, got ${JSON.stringify(value)}`);
      return n;
    }
    case 'number':
      return asNumber();
    case 'rate': {
      const n = asNumber();
      if (n < 0 || n > 1) fail(key.path, source, `expected a fraction between 0 and 1, got ${n}`);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const b = typeof value === 'string' ? parseBoolean(value) : typeof value === 'number' ? parseBoolean(String(value)) : undefined;
      if (b === undefined) fail(key.path, source, `expected a boolean (true/false, 1/0, yes/no, on/off), got ${JSON.stringify(value)}`);
      return b;
    }
    case 'string':
      if (typeof value !== 'string') fail(key.path, source, `expected a string, got ${JSON.stringify(value)}`);
      return value;
    case 'format':
      if (value !== 'csv' && value !== 'ndjson') fail(key.path, source, `expected "csv" or "ndjson", got ${JSON.stringify(value)}`);
      return value;
    case 'list':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
      if (typeof value === 'string') return value.split(/[\s,]+/).filter((s) => s !== '');
      return fail(key.path, source, `expected a list of strings, got ${JSON.stringify(value)}`);
  }
}

function setPath(target: RuntimeConfig, path: string, value: unknown): void {
  const parts = path.split('.');
  let obj = target as unknown as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) obj = obj[p] as Record<string, unknown>;
  obj[parts[parts.length - 1] as string] = value;
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && path !== 'indices') flatten(v as Record<string, unknown>, path, out);
    else out.set(path, v);
  }
}

const INDEX_KEYS: Record<keyof IndexConfig, 'string' | 'number' | 'int' | 'boolean' | 'rules'> = {
  name: 'string',
  exchange: 'string',
  optionExchange: 'string',
  strikeStep: 'number',
  expiryWeekday: 'int',
  weekly: 'boolean',
  basePrice: 'number',
  annualVol: 'number',
  strikesItm: 'int',
  strikesOtm: 'int',
  expiryRules: 'rules',
};

function parseIndices(value: unknown, source: string, defaults: readonly IndexConfig[]): IndexConfig[] {
  if (!Array.isArray(value) || value.length === 0) fail('indices', source, 'expected a non-empty list of index objects');
  return value.map((raw, i) => {
    const where = `indices[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(where, source, 'expected an object');
    const entry = raw as Record<string, unknown>;
    if (typeof entry.name !== 'string' || entry.name === '') fail(`${where}.name`, source, 'required: the index symbol, e.g. NIFTY');
    const base = defaults.find((d) => d.name === entry.name) ?? { ...idx(entry.name, 'NSE', 'NFO', 50, 4, 20000, 0.15) };
    const out: IndexConfig = { ...base, expiryRules: [...base.expiryRules] };
    for (const [k, v] of Object.entries(entry)) {
      const kind = INDEX_KEYS[k as keyof IndexConfig];
      const key = `${where}.${k}`;
      if (kind === undefined) fail(key, source, `unknown key; known keys: ${Object.keys(INDEX_KEYS).join(', ')}`);
      if (kind === 'string' && (typeof v !== 'string' || v === '')) fail(key, source, 'expected a non-empty string');
      if ((kind === 'number' || kind === 'int') && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) fail(key, source, 'expected a non-negative number');
      if (kind === 'int' && !Number.isInteger(v)) fail(key, source, 'expected an integer');
      if (kind === 'boolean' && typeof v !== 'boolean') fail(key, source, 'expected true or false');
      if (kind === 'rules' && (!Array.isArray(v) || v.length === 0 || !v.every((r) => (EXPIRY_RULES as readonly unknown[]).includes(r))))
        fail(key, source, `expected a non-empty list of ${EXPIRY_RULES.join(', ')}`);
      (out as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
    if (out.strikeStep <= 0) fail(`${where}.strikeStep`, source, 'must be > 0');
    if (out.expiryWeekday > 6) fail(`${where}.expiryWeekday`, source, 'must be 0 (Sunday) … 6 (Saturday)');
    return out;
  });
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read config file ${path}: ${(err as Error).message}; pass an existing JSON or YAML file with --config`);
  }
  let parsed: unknown;
  try {
    if (/\.ya?ml$/i.test(extname(path))) {
      // js-yaml is loaded only when a YAML config is used
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const yaml = require('js-yaml') as typeof import('js-yaml');
      const { YAML_SCHEMA } = require('../spec/parse-yaml') as typeof import('../spec/parse-yaml');
      parsed = yaml.load(text, { schema: YAML_SCHEMA });
    } else parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`config file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(`config file ${path}: expected a mapping of config keys at the top level`);
  return parsed as Record<string, unknown>;
}

function checkListen(listen: string, source: string): void {
  if (listen === '') return;
  const m = /^(.+):(\d+)$/.exec(listen);
  if (!m || Number(m[2]) > 65535) fail('listen', source, `expected host:port such as 127.0.0.1:9108 (port 0 = any free port), got ${JSON.stringify(listen)}`);
}

function checkProvider(provider: string, source: string): void {
  if (provider !== 'sim' && !PLUGIN_SPEC.test(provider))
    fail('provider', source, `expected "sim" or <module>:<export> such as ./my-provider.js:createProvider, got ${JSON.stringify(provider)}`);
}

function checkParity(config: RuntimeConfig, origin: ReadonlyMap<string, string>, cwd: string): void {
  const from = (path: string): string => origin.get(path) ?? 'defaults';
  const p = config.parity;
  if (p.baselineMatch !== 'cycle' && p.baselineMatch !== 'order') fail('parity.baselineMatch', from('parity.baselineMatch'), `expected "cycle" or "order", got ${JSON.stringify(p.baselineMatch)}`);
  if (p.baseline !== '') {
    const why = baselineSpecProblem(p.baseline, cwd);
    if (why) fail('parity.baseline', from('parity.baseline'), why);
  }
  for (const [path, known] of [['parity.weights', COMPONENT_NAMES], ['parity.alertWeights', undefined]] as const) {
    const text = path === 'parity.weights' ? p.weights : p.alertWeights;
    try {
      parseOptionalWeights(text, known);
    } catch (err) {
      if (err instanceof WeightsFormatError) fail(path, from(path), err.message);
      throw err;
    }
  }
}

/**
 * Resolve the configuration. Precedence: defaults < file < env < flags. Throws InputError
 * (exit 3) naming the key and where the bad value came from. `dataDir` is resolved to an
 * absolute path (file values against the file's directory is NOT done: paths are relative to cwd).
 */
export function loadRuntimeConfig(sources: ConfigSources): RuntimeConfig {
  const config = defaultRuntimeConfig();
  const byPath = new Map(CONFIG_KEYS.map((k) => [k.path, k]));
  const origin = new Map<string, string>();
  if (sources.file) {
    const file = resolve(sources.cwd, sources.file);
    const raw = readConfigFile(file);
    const flat = new Map<string, unknown>();
    flatten(raw, '', flat);
    for (const [path, value] of flat) {
      const source = `config file ${sources.file}`;
      if (path === 'indices') {
        config.indices = parseIndices(value, source, config.indices);
        continue;
      }
      const key = byPath.get(path);
      if (!key) fail(path, source, `unknown key; see docs/runtime.md for the keys g6 run reads`);
      setPath(config, path, coerce(key, value, source));
      origin.set(path, source);
    }
  }
  for (const key of CONFIG_KEYS) {
    for (const name of key.env) {
      const raw = sources.env[name];
      if (raw === undefined || raw === '') continue;
      const source = `environment ${name}`;
      setPath(config, key.path, coerce(key, raw, source));
      origin.set(key.path, source);
      break;
    }
  }
  for (const [path, value] of Object.entries(sources.flags)) {
    if (value === undefined) continue;
    const key = byPath.get(path);
    if (!key) throw new TypeError(`unknown config flag path ${path}`);
    const source = `flag ${FLAG_NAMES[path] ?? `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`}`;
    setPath(config, path, coerce(key, value, source));
    origin.set(path, source);
  }
  checkListen(config.listen, origin.get('listen') ?? 'defaults');
  checkProvider(config.provider, origin.get('provider') ?? 'defaults');
  checkParity(config, origin, sources.cwd);
  if (config.simulatedStart !== '' && !Number.isFinite(Date.parse(config.simulatedStart)))
    fail('simulatedStart', origin.get('simulatedStart') ?? 'defaults', `expected an ISO-8601 instant such as 2025-11-03T04:00:00Z, got ${JSON.stringify(config.simulatedStart)}`);
  for (const h of config.holidays)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) fail('holidays', origin.get('holidays') ?? 'defaults', `expected YYYY-MM-DD dates, got ${JSON.stringify(h)}`);
  if (config.greeks.ivMin >= config.greeks.ivMax) fail('greeks.ivMin', origin.get('greeks.ivMin') ?? 'defaults', 'must be below greeks.ivMax');
  if (config.batch.minSize > config.batch.maxSize) fail('batch.minSize', origin.get('batch.minSize') ?? 'defaults', 'must not exceed batch.maxSize');
  const names = new Set<string>();
  for (const i of config.indices) {
    if (names.has(i.name)) fail('indices', 'config', `index ${i.name} is listed twice`);
    names.add(i.name);
  }
  config.dataDir = resolve(sources.cwd, config.dataDir);
  return config;
}
