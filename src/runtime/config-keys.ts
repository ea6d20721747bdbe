/**
 * THE table of `g6 run` configuration keys: per key its path in RuntimeConfig, type, default,
 * `G6_*` variable (plus older aliases), flag, doc line and validation. The defaults, the env and
 * flag mappings, the options of `g6 run`, --print-config and the docs/runtime.md table derive from it.
 */
import { COMPONENT_NAMES } from '../parity/components';
import { parseOptionalWeights, WeightsFormatError } from '../parity/weights';
import type { ExpiryRule } from './market/calendar';
import type { BatcherOptions } from './metrics/batcher';
import { baselineSpecProblem } from './parity/baseline-spec';
import { runtimeSeverities } from './pipeline/severity-map';
import { parseBusUrl } from './events/nats-bus';
import { MODULE_SPEC, PLUGIN_SPEC, resolvePluginModule } from './providers/plugin-spec';
import { parseStoreUrl } from './storage/store-url';

/** One index of the run; `indices` is the only list of objects, set in the config file only. */
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

/** Probabilities of the simulated market's injected faults (documented per key in CONFIG_KEYS). */
export interface FaultRates {
  timeout: number;
  empty: number;
  stale: number;
  error: number;
  fatal: number;
}

/** The one typed configuration object of `g6 run`; every scalar field is documented in CONFIG_KEYS. */
export interface RuntimeConfig {
  cycles: number;
  intervalSeconds: number;
  seed: number;
  provider: string;
  listen: string;
  dataDir: string;
  maxConsecutiveFailures: number;
  lingerSeconds: number;
  marketHoursOnly: boolean;
  holidays: string[];
  simulatedStart: string;
  phaseTimeoutMs: number;
  retry: { maxAttempts: number; baseMs: number; jitterMs: number; capMs: number };
  greeks: { enabled: boolean; riskFreeRate: number; ivMin: number; ivMax: number; ivMaxIterations: number; ivPrecision: number };
  coverage: { strikeOk: number; fieldOk: number };
  staleQuoteSeconds: number;
  alerts: { wideSpreadPct: number; liquidityMinRatio: number; severityMap: string };
  optionChain: { aggregates: boolean };
  faults: FaultRates & { timeoutDelayMs: number };
  storage: { format: 'csv' | 'ndjson'; url: string; timeoutMs: number };
  panels: { enabled: boolean; legacyCompat: boolean };
  bench: { intervalSeconds: number; warmup: number; cycles: number; p95RegressionThresholdPct: number };
  /** The emission batcher's options (documented on BatcherOptions), plus the switch. */
  batch: { enabled: boolean } & Omit<BatcherOptions, 'now'>;
  /** Shadow parity against a baseline (docs/parity.md#shadow-parity-in-g6-run). */
  parity: {
    baseline: string;
    baselineMatch: 'cycle' | 'order';
    weights: string;
    alertWeights: string;
    rollingWindow: number;
    anomalyThreshold: number;
    anomalyMinCategories: number;
  };
  snapshots: { enabled: boolean; keep: number };
  /** Names of the configured indices this collector collects; empty = all (sharding across processes). */
  shardIndices: string[];
  /** The NATS JetStream bus; `url` '' = off. */
  bus: { url: string; stream: string; timeoutMs: number; maxPending: number };
  /** `--provider kite` (credentials come from KITE_* variables, never from here). */
  kite: { apiRoot: string; timeoutMs: number; instrumentsTtlSeconds: number; quotesPerSecond: number; cycleTimeoutMs: number };
  indices: IndexConfig[];
}

type Scalar = string | number | boolean | readonly string[];

/** Dotted paths of RuntimeConfig's scalar fields; `indices` (a list of objects) is not among them. */
type LeafPaths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends Scalar ? `${P}${K}` : T[K] extends readonly unknown[] ? never : LeafPaths<T[K], `${P}${K}.`>;
}[keyof T & string];

export type ConfigPath = LeafPaths<RuntimeConfig>;

/** The type of the field at dotted `P`. */
export type ValueAt<P extends string, T = RuntimeConfig> = P extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? ValueAt<R, T[H]>
    : never
  : P extends keyof T
    ? T[P]
    : never;

type TypeFor<V> = V extends number ? 'int' | 'number' : V extends boolean ? 'boolean' : V extends readonly string[] ? 'list' : 'string';

/** What a semantic check may consult: the merged config, where each value came from, the working directory. */
export interface CheckContext {
  config: RuntimeConfig;
  cwd: string;
  /** Where the current value of `path` came from, e.g. `environment G6_IV_MAX` or `defaults`. */
  origin(path: ConfigPath): string;
}

/** One configuration key. */
export interface KeySpec<P extends ConfigPath> {
  path: P;
  type: TypeFor<ValueAt<P>>;
  default: ValueAt<P> extends (infer E)[] ? readonly E[] : ValueAt<P>;
  /** The environment variable. */
  env: `G6_${string}`;
  /** Older names of the variable, read when `env` is unset or empty (first set one wins). */
  aliases?: readonly `G6_${string}`[];
  /** The earlier platform's variables whose value means this key differently (inverted, gated), read after `aliases`. */
  legacy?: readonly LegacyVariable[];
  /** The `g6 run` flag and the name of its argument, e.g. `{ name: '--interval', arg: 'sec' }`. */
  flag?: { name: `--${string}`; arg: string };
  /** One line for docs/runtime.md and --help (Markdown code spans allowed). */
  doc: string;
  /** Inclusive bounds of a number. */
  min?: number;
  max?: number;
  /** The only values a string may take. */
  choices?: readonly ValueAt<P>[];
  /** Why a value of the right type is still wrong (saying what is expected), or undefined. Runs on the merged config. */
  check?: (value: ValueAt<P>, ctx: CheckContext) => string | undefined;
}

/** An earlier platform's variable that carries over with a translation. */
export interface LegacyVariable {
  name: `G6_${string}`;
  /** This key's value for the variable's `raw` value (other variables of `env` may gate it); undefined = not applied. */
  read(raw: string, env: Readonly<Record<string, string | undefined>>): string | undefined;
}

/** Any key of the table (a union discriminated by `path`). */
export type ConfigKey = { [P in ConfigPath]: KeySpec<P> }[ConfigPath];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function weightsProblem(text: string, known?: readonly string[]): string | undefined {
  try {
    parseOptionalWeights(text, known);
    return undefined;
  } catch (err) {
    if (err instanceof WeightsFormatError) return err.message;
    throw err;
  }
}

const KEYS = [
  { path: 'cycles', type: 'int', default: 0, env: 'G6_CYCLES', flag: { name: '--cycles', arg: 'n' }, min: 0, doc: 'cycles to run; 0 = until stopped' },
  {
    path: 'intervalSeconds',
    type: 'number',
    default: 30,
    env: 'G6_INTERVAL_SECONDS',
    flag: { name: '--interval', arg: 'sec' },
    min: 0,
    doc: 'seconds between cycle starts (the only interval); 0 = back to back',
  },
  { path: 'seed', type: 'int', default: 1, env: 'G6_SEED', flag: { name: '--seed', arg: 'n' }, min: 0, doc: 'seed of the simulated market' },
  {
    path: 'provider',
    type: 'string',
    default: 'sim',
    env: 'G6_PROVIDER',
    aliases: ['G6_OPTION_CHAIN_PROVIDER'],
    flag: { name: '--provider', arg: 'spec' },
    doc: '`sim`, `kite` (Zerodha Kite Connect; credentials `KITE_API_KEY`, `KITE_ACCESS_TOKEN`), `<module>:<export>` of a provider plugin, or `<module>` whose module object is the provider',
    check: (v, { cwd }) => {
      if (v === 'sim' || v === 'kite' || PLUGIN_SPEC.test(v)) return undefined;
      if (!MODULE_SPEC.test(v)) return `expected "sim", "kite", <module>:<export> such as ./my-provider.js:createProvider, or <module>, got ${JSON.stringify(v)}`;
      return resolvePluginModule(v, cwd) ? undefined : `expected "sim", "kite", <module>:<export>, or a module that loads from the working directory; cannot find module ${JSON.stringify(v)}`;
    },
  },
  {
    path: 'listen',
    type: 'string',
    default: '127.0.0.1:9108',
    env: 'G6_LISTEN',
    flag: { name: '--listen', arg: 'host:port' },
    doc: 'HTTP address of /metrics, /healthz, /api/status and /events; port 0 = any free port; `""` = no server',
    check: (v) => {
      const m = /^(.+):(\d+)$/.exec(v);
      return v === '' || (m && Number(m[2]) <= 65535) ? undefined : `expected host:port such as 127.0.0.1:9108 (port 0 = any free port), got ${JSON.stringify(v)}`;
    },
  },
  {
    path: 'dataDir',
    type: 'string',
    default: './data',
    env: 'G6_DATA_DIR',
    flag: { name: '--data-dir', arg: 'dir' },
    doc: 'root of options/, overview/, errors/, panels/, snapshots/ and bench/',
  },
  {
    path: 'maxConsecutiveFailures',
    type: 'int',
    default: 5,
    env: 'G6_MAX_CONSECUTIVE_FAILURES',
    flag: { name: '--max-failures', arg: 'k' },
    min: 0,
    doc: 'K: exit 4 after K failed cycles in a row; 0 = never',
  },
  {
    path: 'lingerSeconds',
    type: 'number',
    default: 0,
    env: 'G6_LINGER_SECONDS',
    flag: { name: '--linger', arg: 'sec' },
    min: 0,
    doc: 'after the last planned cycle keep serving HTTP this many seconds (a final scrape), or until stopped',
  },
  {
    path: 'bench.intervalSeconds',
    type: 'number',
    default: 0,
    env: 'G6_BENCH_INTERVAL_SECONDS',
    flag: { name: '--bench-interval', arg: 'sec' },
    min: 0,
    doc: 'run a benchmark cycle every this many seconds in idle time; 0 = off',
    // the earlier switch G6_BENCH_CYCLE with its interval (default 300; <= 0 meant every cycle)
    legacy: [{ name: 'G6_BENCH_CYCLE', read: (raw, env) => (TRUTHY.test(raw) ? earlierBenchInterval(env.G6_BENCH_CYCLE_INTERVAL_SECONDS) : undefined) }],
  },
  {
    path: 'storage.format',
    type: 'string',
    default: 'csv',
    env: 'G6_STORAGE_FORMAT',
    flag: { name: '--storage-format', arg: 'fmt' },
    choices: ['csv', 'ndjson'],
    doc: 'format of the data files',
  },
  {
    path: 'storage.url',
    type: 'string',
    default: 'file',
    env: 'G6_STORE',
    flag: { name: '--store', arg: 'url' },
    doc: 'where rows go: `file` (files under the data dir), `file:<dir>`, or `clickhouse://[user[:password]@]host[:port]/database` (port 8123 by default; backlog spilled under `<data-dir>/spill/clickhouse/`)',
    check: (v) => {
      const target = parseStoreUrl(v);
      return 'why' in target ? target.why : undefined;
    },
  },
  {
    path: 'bus.url',
    type: 'string',
    default: '',
    env: 'G6_BUS',
    flag: { name: '--bus', arg: 'url' },
    doc: 'NATS JetStream server, `nats://host[:port]` (port 4222 by default): each cycle\'s rows on `g6.options.<INDEX>`, events on `g6.events.<kind>`; `""` = no bus',
    check: (v) => {
      if (v === '') return undefined;
      const target = parseBusUrl(v);
      return 'why' in target ? target.why : undefined;
    },
  },
  { path: 'bus.stream', type: 'string', default: 'G6', env: 'G6_BUS_STREAM', doc: 'JetStream stream of subjects `g6.>`, created when absent', check: (v) => (/^[A-Za-z0-9_-]+$/.test(v) ? undefined : `expected a stream name of letters, digits, _ and -, got ${JSON.stringify(v)}`) },
  { path: 'bus.timeoutMs', type: 'int', default: 5000, env: 'G6_BUS_TIMEOUT_MS', min: 1, doc: 'connect timeout, and how long a message waits for its JetStream ack before it counts as dropped, ms' },
  { path: 'bus.maxPending', type: 'int', default: 10_000, env: 'G6_BUS_MAX_PENDING', min: 1, doc: 'messages queued for the bus at most; more are dropped and counted (an outage never blocks collection)' },
  { path: 'storage.timeoutMs', type: 'int', default: 10_000, env: 'G6_STORE_TIMEOUT_MS', min: 1, doc: 'timeout of one request to a networked store, ms' },
  {
    path: 'shardIndices',
    type: 'list',
    default: [],
    env: 'G6_INDICES',
    flag: { name: '--indices', arg: 'A,B,...' },
    doc: 'collect only these of the configured indices (comma separated), to split them across several `g6 run` processes, each with its own `--listen`; empty = all',
    check: (v, { config }) => {
      const known = config.indices.map((ix) => ix.name);
      const unknown = v.filter((name) => !known.includes(name));
      if (unknown.length > 0) return `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the configured indices (${known.join(', ')})`;
      return new Set(v).size === v.length ? undefined : `lists an index twice: ${v.join(',')}`;
    },
  },
  { path: 'marketHoursOnly', type: 'boolean', default: false, env: 'G6_MARKET_HOURS_ONLY', doc: 'collect only during 09:15–15:30 IST on trading days' },
  {
    path: 'holidays',
    type: 'list',
    default: [],
    env: 'G6_HOLIDAYS',
    doc: 'trading holidays as `YYYY-MM-DD` (comma or space separated in the environment)',
    check: (v) => {
      const bad = v.find((h) => !DATE.test(h));
      return bad === undefined ? undefined : `expected YYYY-MM-DD dates, got ${JSON.stringify(bad)}`;
    },
  },
  {
    path: 'simulatedStart',
    type: 'string',
    default: '',
    env: 'G6_SIMULATED_START',
    doc: 'ISO instant: a virtual clock starting there, advancing one interval (30 s at interval 0) per cycle, for byte-identical replays; `""` = wall clock',
    check: (v) => (v === '' || Number.isFinite(Date.parse(v)) ? undefined : `expected an ISO-8601 instant such as 2025-11-03T04:00:00Z, got ${JSON.stringify(v)}`),
  },
  { path: 'phaseTimeoutMs', type: 'int', default: 2000, env: 'G6_PHASE_TIMEOUT_MS', min: 1, doc: 'timeout of each provider-facing phase attempt, ms' },
  { path: 'retry.maxAttempts', type: 'int', default: 3, env: 'G6_RETRY_MAX_ATTEMPTS', min: 1, doc: 'attempts of a recoverable phase (1 = no retry)' },
  { path: 'retry.baseMs', type: 'number', default: 50, env: 'G6_RETRY_BASE_MS', min: 0, doc: 'retry backoff `min(cap, base·2^(n−1) + U(0, jitter))`: its base, ms' },
  { path: 'retry.jitterMs', type: 'number', default: 25, env: 'G6_RETRY_JITTER_MS', min: 0, doc: 'the backoff jitter bound, ms' },
  { path: 'retry.capMs', type: 'number', default: 2000, env: 'G6_RETRY_CAP_MS', min: 0, doc: 'the longest backoff, ms' },
  { path: 'greeks.enabled', type: 'boolean', default: true, env: 'G6_GREEKS_ENABLED', doc: 'implied vol (Newton with bisection fallback) and Black-Scholes greeks' },
  { path: 'greeks.riskFreeRate', type: 'number', default: 0.065, env: 'G6_RISK_FREE_RATE', doc: 'annual risk-free rate of prices and greeks' },
  {
    path: 'greeks.ivMin',
    type: 'number',
    default: 0.01,
    env: 'G6_IV_MIN',
    min: 0,
    doc: 'lowest implied vol searched',
    check: (v, { config, origin }) => (v < config.greeks.ivMax ? undefined : `must be below greeks.ivMax (${config.greeks.ivMax}, from ${origin('greeks.ivMax')}), got ${v}`),
  },
  { path: 'greeks.ivMax', type: 'number', default: 3, env: 'G6_IV_MAX', min: 0, doc: 'highest implied vol searched' },
  { path: 'greeks.ivMaxIterations', type: 'int', default: 100, env: 'G6_IV_MAX_ITERATIONS', min: 1, doc: 'iterations of the implied-vol solver at most' },
  { path: 'greeks.ivPrecision', type: 'number', default: 1e-5, env: 'G6_IV_PRECISION', min: 0, doc: 'price tolerance of the implied-vol solver' },
  { path: 'coverage.strikeOk', type: 'number', default: 0.75, env: 'G6_STRIKE_COVERAGE_OK', min: 0, max: 1, doc: 'strike coverage below which an expiry is PARTIAL (status and alerts)' },
  { path: 'coverage.fieldOk', type: 'number', default: 0.55, env: 'G6_FIELD_COVERAGE_OK', min: 0, max: 1, doc: 'field coverage below which an expiry is PARTIAL (status and alerts)' },
  { path: 'staleQuoteSeconds', type: 'number', default: 45, env: 'G6_STALE_QUOTE_SECONDS', min: 0, doc: 'older quotes are dropped by validation and raise `stale_quote`' },
  { path: 'alerts.wideSpreadPct', type: 'number', default: 5, env: 'G6_ALERT_WIDE_SPREAD_PCT', min: 0, doc: 'mean (ask−bid)/mid of an expiry, %, above which `wide_spread` is raised' },
  {
    path: 'alerts.liquidityMinRatio',
    type: 'number',
    default: 0.05,
    env: 'G6_ALERT_LIQUIDITY_MIN_RATIO',
    min: 0,
    doc: 'volume per option below which `liquidity_low` is raised',
  },
  {
    path: 'alerts.severityMap',
    type: 'string',
    default: '',
    env: 'G6_ALERT_SEVERITY_MAP',
    doc: 'JSON object: alert category or severity to `info`/`warning`/`critical` in the alert snapshot (g6 gen-alerts reads the same variable for the rule files)',
    check: (v) => {
      const r = runtimeSeverities(v);
      return 'why' in r ? r.why : undefined;
    },
  },
  {
    path: 'optionChain.aggregates',
    type: 'boolean',
    default: true,
    env: 'G6_OPTION_CHAIN_AGGREGATES',
    legacy: [{ name: 'G6_OPTION_CHAIN_AGG_DISABLED', read: (raw) => (/^(1|true|True)$/.test(raw) ? 'false' : 'true') }],
    doc: 'export the option-chain aggregate metrics (contracts, open interest, volume, IV, spread by bucket; new contracts)',
  },
  { path: 'faults.timeout', type: 'number', default: 0, env: 'G6_FAULT_TIMEOUT_RATE', min: 0, max: 1, doc: 'simulated faults: probability that a provider call hangs past the phase timeout' },
  { path: 'faults.empty', type: 'number', default: 0, env: 'G6_FAULT_EMPTY_RATE', min: 0, max: 1, doc: 'simulated faults: probability that a chain comes back empty' },
  { path: 'faults.stale', type: 'number', default: 0, env: 'G6_FAULT_STALE_RATE', min: 0, max: 1, doc: "simulated faults: probability that a chain's quotes are stale" },
  { path: 'faults.error', type: 'number', default: 0, env: 'G6_FAULT_ERROR_RATE', min: 0, max: 1, doc: 'simulated faults: probability that a provider call throws a recoverable error' },
  {
    path: 'faults.fatal',
    type: 'number',
    default: 0,
    env: 'G6_FAULT_FATAL_RATE',
    min: 0,
    max: 1,
    doc: "simulated faults: probability that an index's instrument universe is empty (fatal for that index)",
  },
  { path: 'faults.timeoutDelayMs', type: 'int', default: 10_000, env: 'G6_FAULT_TIMEOUT_DELAY_MS', min: 0, doc: 'how long an injected hang lasts, ms' },
  { path: 'panels.enabled', type: 'boolean', default: true, env: 'G6_PANELS_ENABLED', doc: 'write the panel files under `<data-dir>/panels/`' },
  { path: 'panels.legacyCompat', type: 'boolean', default: false, env: 'G6_PANELS_LEGACY_COMPAT', doc: 'also write bare legacy `<name>.json` panel copies' },
  { path: 'bench.warmup', type: 'int', default: 2, env: 'G6_BENCH_WARMUP', min: 0, doc: 'benchmark: warm-up cycles (not measured)' },
  { path: 'bench.cycles', type: 'int', default: 8, env: 'G6_BENCH_CYCLES', min: 1, doc: 'benchmark: measured cycles' },
  {
    path: 'bench.p95RegressionThresholdPct',
    type: 'number',
    default: 10,
    env: 'G6_BENCH_P95_REGRESSION_THRESHOLD_PCT',
    doc: 'benchmark: p95 regression over the baseline, %, exported for the BenchP95RegressionHigh alert',
  },
  { path: 'batch.enabled', type: 'boolean', default: true, env: 'G6_METRICS_BATCH_ENABLED', doc: 'emission batcher: batch metric increments' },
  { path: 'batch.flushIntervalMs', type: 'int', default: 1000, env: 'G6_METRICS_BATCH_FLUSH_INTERVAL_MS', min: 1, doc: 'emission batcher: period of the background flush, ms' },
  { path: 'batch.maxQueue', type: 'int', default: 10_000, env: 'G6_METRICS_BATCH_MAX_QUEUE', min: 1, doc: 'emission batcher: distinct pending keys; beyond it increments apply directly' },
  { path: 'batch.maxDrainPerFlush', type: 'int', default: 5000, env: 'G6_METRICS_BATCH_MAX_DRAIN_PER_FLUSH', min: 1, doc: 'emission batcher: entries applied per flush at most' },
  {
    path: 'batch.targetIntervalMs',
    type: 'int',
    default: 200,
    env: 'G6_EMISSION_BATCH_TARGET_INTERVAL_MS',
    min: 1,
    doc: 'emission batcher: time a batch should cover (target batch = EWMA rate × this), ms',
  },
  {
    path: 'batch.minSize',
    type: 'int',
    default: 50,
    env: 'G6_EMISSION_BATCH_MIN_SIZE',
    min: 1,
    doc: 'emission batcher: smallest target batch',
    check: (v, { config, origin }) => (v <= config.batch.maxSize ? undefined : `must not exceed batch.maxSize (${config.batch.maxSize}, from ${origin('batch.maxSize')}), got ${v}`),
  },
  { path: 'batch.maxSize', type: 'int', default: 5000, env: 'G6_EMISSION_BATCH_MAX_SIZE', min: 1, doc: 'emission batcher: largest target batch' },
  {
    path: 'batch.underUtilThreshold',
    type: 'number',
    default: 0.3,
    env: 'G6_EMISSION_BATCH_UNDER_UTIL_THRESHOLD',
    min: 0,
    max: 1,
    doc: 'emission batcher: a flush below this fraction of the target is under-utilised',
  },
  {
    path: 'batch.underUtilConsec',
    type: 'int',
    default: 3,
    env: 'G6_EMISSION_BATCH_UNDER_UTIL_CONSEC',
    min: 1,
    doc: 'emission batcher: under-utilised flushes in a row that shrink the target by 25 %',
  },
  { path: 'batch.idleDecayAlpha', type: 'number', default: 0.6, env: 'G6_EMISSION_BATCH_DECAY_ALPHA_IDLE', min: 0, max: 1, doc: 'emission batcher: EWMA alpha while idle' },
  {
    path: 'batch.maxWaitMs',
    type: 'int',
    default: 750,
    env: 'G6_EMISSION_BATCH_MAX_WAIT_MS',
    min: 1,
    doc: 'emission batcher: the oldest pending increment is applied at the latest this long after it arrived, ms',
  },
  {
    path: 'parity.baseline',
    type: 'string',
    default: '',
    env: 'G6_PARITY_BASELINE',
    flag: { name: '--parity-baseline', arg: 'spec' },
    doc: 'shadow parity against `sim`, `sim:<seed>`, `<module>:<export>` or a directory of snapshot summaries; `""` = off',
    check: (v, { cwd }) => (v === '' ? undefined : baselineSpecProblem(v, cwd)),
  },
  {
    path: 'parity.baselineMatch',
    type: 'string',
    default: 'cycle',
    env: 'G6_PARITY_BASELINE_MATCH',
    choices: ['cycle', 'order'],
    doc: 'how recorded snapshots are matched to live cycles: by `cycle` number or in file `order`',
  },
  {
    path: 'parity.weights',
    type: 'string',
    default: '',
    env: 'G6_PARITY_WEIGHTS',
    aliases: ['G6_PARITY_COMPONENT_WEIGHTS'],
    flag: { name: '--parity-weights', arg: 'comp:w,...' },
    doc: 'parity component weights `comp:w,...`, renormalised over present components; `""` = equal weights',
    check: (v) => weightsProblem(v, COMPONENT_NAMES),
  },
  {
    path: 'parity.alertWeights',
    type: 'string',
    default: '',
    env: 'G6_PARITY_ALERT_WEIGHTS',
    doc: 'alert category weights `cat:w,...`; `""` = 1 each',
    check: (v) => weightsProblem(v),
  },
  {
    path: 'parity.rollingWindow',
    type: 'int',
    default: 200,
    env: 'G6_PARITY_ROLLING_WINDOW',
    flag: { name: '--parity-window', arg: 'n' },
    min: 1,
    doc: 'cycles in the rolling parity average, persisted in `<data-dir>/parity/rolling_state.json`',
  },
  {
    path: 'parity.anomalyThreshold',
    type: 'number',
    default: 0.5,
    env: 'G6_PARITY_ALERT_ANOMALY_THRESHOLD',
    doc: 'alert parity diff at or above which an anomaly event is emitted; negative = never',
  },
  {
    path: 'parity.anomalyMinCategories',
    type: 'int',
    default: 2,
    env: 'G6_PARITY_ALERT_ANOMALY_MIN_CATEGORIES',
    aliases: ['G6_PARITY_ALERT_ANOMALY_MIN_TOTAL'],
    min: 1,
    doc: 'alert categories (non-zero on either side) needed before an anomaly can be emitted',
  },
  { path: 'snapshots.enabled', type: 'boolean', default: true, env: 'G6_SNAPSHOTS_ENABLED', doc: 'write per-cycle snapshot summaries under `<data-dir>/snapshots/`' },
  { path: 'snapshots.keep', type: 'int', default: 2880, env: 'G6_SNAPSHOTS_KEEP', min: 0, doc: 'snapshot summaries kept, newest first; 0 = all' },
  {
    path: 'kite.apiRoot',
    type: 'string',
    default: 'https://api.kite.trade',
    env: 'G6_KITE_API_ROOT',
    doc: 'Kite Connect API root (`--provider kite`)',
    check: (v) => (/^https?:\/\/[^/\s]+/.test(v) ? undefined : `expected an http(s) URL such as https://api.kite.trade, got ${JSON.stringify(v)}`),
  },
  { path: 'kite.timeoutMs', type: 'int', default: 7000, env: 'G6_KITE_TIMEOUT_MS', min: 1, doc: 'timeout of one Kite request, ms' },
  { path: 'kite.instrumentsTtlSeconds', type: 'number', default: 600, env: 'G6_INSTRUMENT_CACHE_TTL', min: 0, doc: 'how long an exchange\'s instrument dump is reused, s' },
  {
    path: 'kite.quotesPerSecond',
    type: 'number',
    default: 1,
    env: 'G6_KITE_QUOTES_PER_SECOND',
    min: 0.01,
    doc: 'Kite quote-endpoint calls per second at most (Kite documents 1; a 429 adds a second)',
  },
  {
    path: 'kite.cycleTimeoutMs',
    type: 'int',
    default: 30_000,
    env: 'G6_KITE_CYCLE_TIMEOUT_MS',
    min: 1,
    doc: "timeout of fetching a cycle's instruments, prices and quotes from Kite (its first phase), ms",
  },
] satisfies readonly ConfigKey[];

type Unkeyed = Exclude<ConfigPath, (typeof KEYS)[number]['path']>;
// compile-time: a scalar field of RuntimeConfig without a key fails here, naming its path
true satisfies [Unkeyed] extends [never] ? true : Unkeyed;

/** Every scalar key, in the order of the docs, --help and --print-config. `indices` is file-only. */
export const CONFIG_KEYS: readonly ConfigKey[] = KEYS;

const TRUTHY = /^(1|true|yes|on)$/i;

/** bench.intervalSeconds for the earlier G6_BENCH_CYCLE_INTERVAL_SECONDS: 300 when unset; "every cycle" (<= 0) is the shortest interval, 1 s. */
function earlierBenchInterval(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return '300';
  const n = Number(raw);
  return Number.isFinite(n) && n <= 0 ? '1' : raw;
}

/**
 * The earlier platform's variables g6 reads only through another (a legacy entry of a key), or
 * not at all, with what to do instead; `g6 run` warns when one is set.
 */
export const EARLIER_VARIABLES: Readonly<Record<`G6_${string}`, string>> = {
  G6_BENCH_CYCLE: 'honoured as G6_BENCH_INTERVAL_SECONDS (with G6_BENCH_CYCLE_INTERVAL_SECONDS, default 300); set that instead',
  G6_BENCH_CYCLE_INTERVAL_SECONDS: 'read only with G6_BENCH_CYCLE on; set G6_BENCH_INTERVAL_SECONDS instead (0 = off)',
  G6_OPTION_CHAIN_AGG_DISABLED: 'honoured as G6_OPTION_CHAIN_AGGREGATES (inverted); set G6_OPTION_CHAIN_AGGREGATES=false instead',
  G6_PARITY_ALERT_ANOMALY_MIN_TOTAL: 'honoured as G6_PARITY_ALERT_ANOMALY_MIN_CATEGORIES, which counts only categories raised on either side; rename it',
  G6_PARITY_STRIKE_SHAPE: 'not needed: g6 always scores strike_shape; drop it from the score with G6_PARITY_WEIGHTS=strike_shape:0',
  G6_PARITY_STRIKE_COV_VAR: 'not needed: g6 always scores strike_cov_variance; drop it from the score with G6_PARITY_WEIGHTS=strike_cov_variance:0',
  G6_METRICS_FAIL_ON_DUP: 'not read: g6 never fails on a duplicate registration; it counts it in g6_metric_duplicates_total, which the G6MetricDuplicateRegistration alert watches',
};

function rangeText(key: ConfigKey): string {
  if (key.min !== undefined && key.max !== undefined) return ` between ${key.min} and ${key.max}`;
  if (key.min !== undefined) return ` >= ${key.min}`;
  return key.max !== undefined ? ` <= ${key.max}` : '';
}

/** What a key accepts, as it follows "expected": `an integer >= 0`, `"csv" or "ndjson"`, `a boolean (…)`. */
export function expectedValues(key: ConfigKey): string {
  switch (key.type) {
    case 'int':
      return `an integer${rangeText(key)}`;
    case 'number':
      return `a number${rangeText(key)}`;
    case 'boolean':
      return 'a boolean (true/false, 1/0, yes/no, on/off)';
    case 'list':
      return 'a list of strings';
    case 'string':
      return key.choices ? key.choices.map((c) => JSON.stringify(c)).join(' or ') : 'a string';
  }
}
