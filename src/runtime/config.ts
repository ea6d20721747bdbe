/**
 * Resolves the one typed configuration object of `g6 run` from the key table (config-keys.ts):
 * defaults → config file (JSON or YAML) → `G6_*` environment → command-line flags. Every problem
 * is collected and reported at once, each naming its key, where the value came from, and the fix.
 */
import { extname, resolve } from 'node:path';
import { InputError, InputSyntaxError } from '../core/errors';
import { parseJsonInput } from '../core/parse-json';
import { readBoundedText } from '../core/read-input';
import { CONFIG_KEYS, EARLIER_VARIABLES, expectedValues, type CheckContext, type ConfigKey, type ConfigPath, type IndexConfig, type RuntimeConfig } from './config-keys';
import { closestName } from './did-you-mean';
import { EXPIRY_RULES } from './market/calendar';

export type { FaultRates, IndexConfig, RuntimeConfig } from './config-keys';

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

function setPath(target: object, path: string, value: unknown): void {
  const parts = path.split('.');
  let obj = target as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) obj = (obj[p] ??= {}) as Record<string, unknown>;
  obj[parts[parts.length - 1] as string] = value;
}

function getPath(target: object, path: string): unknown {
  return path.split('.').reduce<unknown>((obj, p) => (obj as Record<string, unknown>)[p], target);
}

/** Defaults (CONFIG_KEYS order): a credential-free simulated run of five indices, metrics on 127.0.0.1:9108. */
export function defaultRuntimeConfig(): RuntimeConfig {
  const config = {} as RuntimeConfig;
  for (const key of CONFIG_KEYS) setPath(config, key.path, Array.isArray(key.default) ? [...key.default] : key.default);
  config.indices = [
    idx('NIFTY', 'NSE', 'NFO', 50, 2, 24800, 0.13),
    idx('BANKNIFTY', 'NSE', 'NFO', 100, 2, 54000, 0.16),
    idx('FINNIFTY', 'NSE', 'NFO', 50, 2, 25950, 0.15),
    idx('MIDCPNIFTY', 'NSE', 'NFO', 25, 2, 12000, 0.18),
    idx('SENSEX', 'BSE', 'BFO', 100, 4, 81000, 0.13),
  ];
  return config;
}

/** Command-line flags already parsed by the command, keyed by config path. */
export type ConfigOverrides = Readonly<Partial<Record<ConfigPath, string | number | boolean>>>;

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

/** Where a value came from (`label`, as in "from environment G6_SEED") and what to do about a bad one. */
interface Origin {
  label: string;
  fix: string;
}

/** A default value that fails a check against another key's value. */
const defaultsOrigin = (key: ConfigKey): Origin => ({
  label: 'defaults',
  fix: `set ${key.path} in the config file${key.flag ? `, ${key.env} or ${key.flag.name}` : ` or ${key.env}`}`,
});

const fileOrigin = (file: string, path: string): Origin => ({ label: `config file ${file}`, fix: `fix ${path} in ${file}` });

type Coerced = { value: unknown } | { why: string };

/** The value as the key's type, or why it is not one. Ranges and choices are checked here too. */
function coerce(key: ConfigKey, value: unknown): Coerced {
  const expected = `expected ${expectedValues(key)}, got ${JSON.stringify(value)}`;
  switch (key.type) {
    case 'int':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) return { why: expected };
      if (key.type === 'int' && !Number.isInteger(n)) return { why: expected };
      if ((key.min !== undefined && n < key.min) || (key.max !== undefined && n > key.max)) return { why: expected };
      return { value: n };
    }
    case 'boolean': {
      const b = typeof value === 'boolean' ? value : typeof value === 'string' || typeof value === 'number' ? parseBoolean(String(value)) : undefined;
      return b === undefined ? { why: expected } : { value: b };
    }
    case 'string':
      if (typeof value !== 'string') return { why: expected };
      if (key.choices && !(key.choices as readonly string[]).includes(value)) return { why: expected };
      return { value };
    case 'list':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { value: [...value] };
      if (typeof value === 'string') return { value: value.split(/[\s,]+/).filter((s) => s !== '') };
      return { why: expected };
  }
}

/** Sections of the key table (`retry`, `greeks`, …): the only mappings a config file is read into. */
const SECTIONS = new Set(CONFIG_KEYS.flatMap((k) => k.path.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

/**
 * Leaf values by dotted path. Only known sections are descended into, so an unknown mapping is one
 * unknown key however large it is (a file's aliases may make it huge).
 */
function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && SECTIONS.has(path)) flatten(v as Record<string, unknown>, path, out);
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

type Report = (path: string, origin: Origin, why: string, fix?: string) => void;

/** Why one field of an index entry is wrong, or undefined. */
function indexFieldProblem(kind: (typeof INDEX_KEYS)[keyof IndexConfig], v: unknown): string | undefined {
  if (kind === 'string') return typeof v === 'string' && v !== '' ? undefined : 'expected a non-empty string';
  if (kind === 'boolean') return typeof v === 'boolean' ? undefined : 'expected true or false';
  if (kind === 'rules')
    return Array.isArray(v) && v.length > 0 && v.every((r) => (EXPIRY_RULES as readonly unknown[]).includes(r)) ? undefined : `expected a non-empty list of ${EXPIRY_RULES.join(', ')}`;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return 'expected a non-negative number';
  return kind === 'int' && !Number.isInteger(v) ? 'expected an integer' : undefined;
}

/** The file's `indices`: each listed name starts from its defaults. Reports every bad entry and field. */
function parseIndices(value: unknown, file: string, defaults: readonly IndexConfig[], report: Report): IndexConfig[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    report('indices', fileOrigin(file, 'indices'), 'expected a non-empty list of index objects');
    return undefined;
  }
  const out: IndexConfig[] = [];
  value.forEach((raw, i) => {
    const where = `indices[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return report(where, fileOrigin(file, where), 'expected an object with at least a name');
    const entry = raw as Record<string, unknown>;
    if (typeof entry.name !== 'string' || entry.name === '') return report(`${where}.name`, fileOrigin(file, `${where}.name`), 'required: the index symbol, e.g. NIFTY');
    if (out.some((o) => o.name === entry.name)) return report(`${where}.name`, fileOrigin(file, `${where}.name`), `index ${entry.name} is listed twice`);
    const base = defaults.find((d) => d.name === entry.name) ?? idx(entry.name, 'NSE', 'NFO', 50, 4, 20000, 0.15);
    const index: IndexConfig = { ...base, expiryRules: [...base.expiryRules] };
    for (const [k, v] of Object.entries(entry)) {
      const key = `${where}.${k}`;
      const kind = INDEX_KEYS[k as keyof IndexConfig];
      const why = kind === undefined ? undefined : indexFieldProblem(kind, v);
      if (kind === undefined) report(key, fileOrigin(file, key), unknownKey(k, Object.keys(INDEX_KEYS)), removeFix(file, key));
      else if (why) report(key, fileOrigin(file, key), why);
      else (index as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
    if (index.strikeStep <= 0) report(`${where}.strikeStep`, fileOrigin(file, `${where}.strikeStep`), 'must be > 0');
    if (index.expiryWeekday > 6) report(`${where}.expiryWeekday`, fileOrigin(file, `${where}.expiryWeekday`), 'must be 0 (Sunday) … 6 (Saturday)');
    out.push(index);
  });
  return out;
}

function unknownKey(name: string, known: readonly string[]): string {
  const near = closestName(name, known);
  return `unknown key${near ? ` (did you mean ${near}?)` : ''}`;
}

const removeFix = (file: string, path: string): string => `correct or remove ${path} in ${file} (docs/runtime.md lists the keys)`;

/**
 * The file's top-level mapping, or why it has none. An unreadable file, or one over the input
 * limits, is thrown at once (InputError naming `label`).
 */
function readConfigFile(path: string, label: string): { raw: Record<string, unknown> } | { why: string } {
  let text: string;
  try {
    text = readBoundedText(path, label);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read config file ${path}: ${(err as Error).message}; pass an existing JSON or YAML file with --config`);
  }
  const yamlFile = /\.ya?ml$/i.test(extname(path));
  let parsed: unknown;
  try {
    // js-yaml is loaded only when a YAML config is used
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parsed = yamlFile ? (require('../spec/parse-yaml') as typeof import('../spec/parse-yaml')).parseYaml(text, label) : parseJsonInput(text, label);
  } catch (err) {
    if (!(err instanceof InputSyntaxError)) throw err;
    const { line, column, reason } = err.where;
    return { why: `not valid ${yamlFile ? 'YAML' : 'JSON'}: ${reason}${line === undefined ? '' : ` (${line}:${column})`}` };
  }
  if (parsed === null || parsed === undefined) return { raw: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return { why: 'expected a mapping of config keys at the top level' };
  return { raw: parsed as Record<string, unknown> };
}

/** The one message for all problems: a single line, or a count and one indented line each. */
function problemsError(problems: readonly string[]): InputError {
  if (problems.length === 1) return new InputError(problems[0] as string);
  return new InputError(`${problems.length} configuration problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/**
 * Resolve the configuration. Precedence: defaults < file < env < flags; a variable's aliases are
 * read only when the variable itself is unset or empty. Each value is checked against its key's
 * type, range and choices where it is read, then each key's `check` runs on the merged config.
 * Throws one InputError (exit 3) listing every problem as `config <key> (from <source>): <why>;
 * <fix>`; only an unreadable config file is thrown at once. `dataDir` is resolved against `cwd`;
 * `indices` keeps only the `shardIndices` when some are listed.
 */
export function loadRuntimeConfig(sources: ConfigSources): RuntimeConfig {
  const config = defaultRuntimeConfig();
  const byPath = new Map<string, ConfigKey>(CONFIG_KEYS.map((k) => [k.path, k]));
  const origins = new Map<string, Origin>();
  // keys whose last value read was bad: their check would judge the value the bad one failed to replace
  const rejected = new Set<string>();
  const problems: string[] = [];
  const report: Report = (path, origin, why, fix = origin.fix) => void problems.push(`config ${path} (from ${origin.label}): ${why}; ${fix}`);
  const apply = (key: ConfigKey, raw: unknown, origin: Origin): void => {
    const r = coerce(key, raw);
    if ('why' in r) {
      report(key.path, origin, r.why);
      rejected.add(key.path);
    } else {
      setPath(config, key.path, r.value);
      origins.set(key.path, origin);
      rejected.delete(key.path);
    }
  };

  if (sources.file) {
    const file = sources.file;
    const read = readConfigFile(resolve(sources.cwd, file), file);
    if ('why' in read) problems.push(`config file ${file}: ${read.why}; fix the file or pass another with --config`);
    const flat = new Map<string, unknown>();
    if ('raw' in read) flatten(read.raw, '', flat);
    for (const [path, value] of flat) {
      const key = byPath.get(path);
      if (key) apply(key, value, fileOrigin(file, path));
      else if (path === 'indices') config.indices = parseIndices(value, file, config.indices, report) ?? config.indices;
      else {
        const section = CONFIG_KEYS.filter((k) => k.path.startsWith(`${path}.`)).map((k) => k.path);
        if (section.length > 0) report(path, fileOrigin(file, path), `expected a mapping of ${section.join(', ')}`);
        else report(path, fileOrigin(file, path), unknownKey(path, [...byPath.keys(), 'indices']), removeFix(file, path));
      }
    }
  }
  const set = (n: string): boolean => sources.env[n] !== undefined && sources.env[n] !== '';
  for (const key of CONFIG_KEYS) {
    const name = [key.env, ...(key.aliases ?? [])].find(set);
    if (name) {
      apply(key, sources.env[name], { label: `environment ${name}`, fix: `fix or unset ${name}` });
      continue;
    }
    const legacy = (key.legacy ?? []).find((l) => set(l.name));
    const value = legacy?.read(sources.env[legacy.name]!, sources.env);
    if (legacy && value !== undefined) apply(key, value, { label: `environment ${legacy.name} (earlier variable)`, fix: `fix or unset ${legacy.name}, or set ${key.env}` });
  }
  for (const key of CONFIG_KEYS) {
    const value = sources.flags[key.path];
    const flag = key.flag?.name ?? key.path;
    if (value !== undefined) apply(key, value, { label: `flag ${flag}`, fix: `fix the value of ${flag}` });
  }

  const ctx: CheckContext = { config, cwd: sources.cwd, origin: (path) => origins.get(path)?.label ?? 'defaults' };
  for (const key of CONFIG_KEYS) {
    if (!key.check || rejected.has(key.path)) continue;
    // the union's check functions each take their own key's value type; this one gets its own
    const check = key.check as (value: unknown, ctx: CheckContext) => string | undefined;
    const why = check(getPath(config, key.path), ctx);
    if (why) report(key.path, origins.get(key.path) ?? defaultsOrigin(key), why);
  }
  if (problems.length > 0) throw problemsError(problems);
  config.dataDir = resolve(sources.cwd, config.dataDir);
  if (config.shardIndices.length > 0) config.indices = config.indices.filter((ix) => config.shardIndices.includes(ix.name));
  return config;
}

/**
 * `G6_*` variables read outside the configuration above: by other commands (G6_DASHBOARD_DIFF_VERBOSE), by every command (G6_DEBUG, G6_INPUT_LIMITS), by bin/g6 (G6_CODE_CACHE), by `g6 run`
 * for its build info (G6_BUILD_COMMIT), by the test and bench harnesses (G6_UPDATE_GOLDEN,
 * G6_BENCH_RSS_CYCLES, G6_FUZZ_SCALE, G6_FUZZ_SEED).
 */
const READ_ELSEWHERE = ['G6_BENCH_RSS_CYCLES', 'G6_BUILD_COMMIT', 'G6_CODE_CACHE', 'G6_DASHBOARD_DIFF_VERBOSE', 'G6_DEBUG', 'G6_FUZZ_SCALE', 'G6_FUZZ_SEED', 'G6_INPUT_LIMITS', 'G6_UPDATE_GOLDEN'];

/**
 * One warning per set `G6_*` variable that g6 does not read (a typo or a retired name), with the
 * nearest known name when one is close, and per set variable of the earlier platform, naming its
 * replacement; in name order. Pure.
 */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = new Set<string>([...CONFIG_KEYS.flatMap((k) => [k.env, ...(k.aliases ?? [])]), ...READ_ELSEWHERE]);
  return Object.keys(env)
    .filter((name) => name.startsWith('G6_') && (!known.has(name) || name in EARLIER_VARIABLES))
    .sort()
    .map((name) => {
      const earlier = EARLIER_VARIABLES[name as `G6_${string}`];
      if (earlier !== undefined) return `${name} is a variable of the earlier platform: ${earlier}`;
      const near = closestName(name, known);
      return `${name} is not a variable g6 reads, so it is ignored${near ? `; did you mean ${near}?` : ' (docs/runtime.md lists the variables of g6 run)'}`;
    });
}
