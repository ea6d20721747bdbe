/** The bounds every YAML and JSON input is read within, and the error that says one was exceeded. */
import { InputError, UsageError } from './errors';

/**
 * Limits on one input file. One typed object so every source (the `--input-limits` flag, the
 * `G6_INPUT_LIMITS` variable, later a project config) sets the same keys.
 */
export interface InputLimits {
  /** Largest file read, in bytes; a larger one is refused before its bytes are read. */
  bytes: number;
  /** Deepest nesting of mappings and sequences (arrays and objects), aliases expanded. */
  depth: number;
  /** Most nodes a YAML document may gain by expanding its aliases and `<<` merge keys. */
  aliases: number;
}

export type InputLimitKey = keyof InputLimits;

/**
 * 16 MiB is 200 times the project's spec; nesting of 100 is js-yaml's own default and far beyond
 * any spec, plan or dashboard; 100,000 alias-expanded nodes is well past what hand-written anchors
 * produce and still cheap to walk, hash and validate.
 */
export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({ bytes: 16 * 1024 * 1024, depth: 100, aliases: 100_000 });

/** Nesting the parsers and every recursive walk over a parsed document handle within Node's default stack. */
const MAX_DEPTH = 1000;

const UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3 };

/** `16777216` → `16MiB`, `1500` → `1500`: a byte count as the limit syntax writes it. */
export function formatBytes(n: number): string {
  for (const unit of ['GiB', 'MiB', 'KiB']) {
    const size = UNITS[unit.toLowerCase()]!;
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return String(n);
}

/** `629145600` → `600.0 MiB`: a size for people. */
export function humanSize(n: number): string {
  for (const unit of ['GiB', 'MiB', 'KiB']) {
    const size = UNITS[unit.toLowerCase()]!;
    if (n >= size) return `${(n / size).toFixed(1)} ${unit}`;
  }
  return `${n} bytes`;
}

const formatLimit = (key: InputLimitKey, value: number): string => (key === 'bytes' ? formatBytes(value) : String(value));

/**
 * Parse `bytes=32MiB,depth=200,aliases=500000` (any subset, comma-separated; sizes take
 * B/KiB/MiB/GiB/KB/MB/GB) over `base`. A bad entry is a UsageError (exit 2) naming `source`.
 */
export function parseInputLimits(text: string, source: string, base: Readonly<InputLimits> = DEFAULT_INPUT_LIMITS): InputLimits {
  const limits: InputLimits = { ...base };
  const usage = (why: string): UsageError =>
    new UsageError(`${source}: ${why}; write key=value pairs separated by commas, keys bytes, depth, aliases, e.g. bytes=32MiB,depth=200,aliases=500000`);
  for (const entry of text.split(',').map((s) => s.trim())) {
    if (entry === '') continue;
    const m = /^(bytes|depth|aliases)\s*=\s*(\d+)\s*([a-z]*)$/i.exec(entry);
    if (!m) throw usage(`"${entry}" is not a limit`);
    const key = m[1]!.toLowerCase() as InputLimitKey;
    const unit = UNITS[m[3]!.toLowerCase()];
    if (unit === undefined || (key !== 'bytes' && m[3] !== '')) throw usage(`"${entry}": ${key === 'bytes' ? 'unknown size unit' : 'a count takes no unit'}`);
    const value = Number(m[2]) * unit;
    if (!Number.isSafeInteger(value) || value < 1) throw usage(`"${entry}": must be a whole number of at least 1`);
    if (key === 'depth' && value > MAX_DEPTH) throw usage(`"${entry}": depth can be at most ${MAX_DEPTH} (deeper input would overflow the stack of the code that reads it)`);
    limits[key] = value;
  }
  return limits;
}

let inForce: InputLimits = { ...DEFAULT_INPUT_LIMITS };

/** The limits every input is read within: the defaults unless src/cli set others for this process. */
export function inputLimits(): Readonly<InputLimits> {
  return inForce;
}

/** Set the limits for the rest of the process (src/cli, once per command; tests restore the defaults). */
export function setInputLimits(limits: Readonly<InputLimits>): void {
  inForce = { ...limits };
}

/** An input over one of its limits (exit 3): names the file, the limit, and how to raise it. */
export class InputLimitError extends InputError {
  constructor(
    readonly file: string,
    readonly limit: InputLimitKey,
    /** What exceeded it, e.g. "the file is 600.0 MiB"; `where` is `:line:col` when known. */
    detail: string,
    where = '',
  ) {
    const value = formatLimit(limit, inputLimits()[limit]);
    super(`${file}${where}: ${detail} (input limit ${limit}=${value}); raise it with --input-limits ${limit}=<n> or G6_INPUT_LIMITS=${limit}=<n> if the file is trusted`);
    this.name = 'InputLimitError';
  }
}
