/**
 * Parser for the Prometheus text exposition format (0.0.4, and the OpenMetrics `# EOF` marker):
 * HELP/TYPE comments, exact metric names, labels with `\"` `\\` `\n` escapes, NaN/±Inf values and
 * optional timestamps. Strict like Prometheus' own parser: every malformed line is reported.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | 'unknown' | 'info' | 'stateset' | 'gaugehistogram';

const METRIC_TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'unknown', 'info', 'stateset', 'gaugehistogram']);

/** One sample line. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch, when the line carries one. */
  timestampMs?: number;
  /** 1-based line number. */
  line: number;
}

export interface ExpositionIssue {
  line: number;
  message: string;
}

/** Everything the text held. Samples keep file order. */
export interface Exposition {
  samples: Sample[];
  /** Declared `# TYPE` per metric family name. */
  types: Map<string, MetricType>;
  /** Declared `# HELP` per metric family name (escapes resolved). */
  help: Map<string, string>;
  /** Malformed lines; empty when the text is valid. */
  issues: ExpositionIssue[];
}

function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; // a-z A-Z _
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isNameStart(c: number): boolean {
  return isAlpha(c) || c === 58; // :
}
function isNameChar(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 58;
}
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

export interface ParseOptions {
  /** Build samples only for these metric names; every line is still validated. Default: all. */
  keep?: ReadonlySet<string>;
}

// One well-formed sample line, matched natively (cold JavaScript loops are slow on 10,000-line
// files): 1 the series as written (name and label block), 2 the name, 3 the label block, 4 the
// value (a decimal, NaN or ±Inf, as parseValue reads them), 5 the timestamp. Lines it does not
// match go through parseSampleLine, which names the defect.
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = String.raw`"(?:[^"\\]|\\["\\n])*"`;
const LABEL = String.raw`[ \t]*${LABEL_NAME}[ \t]*=[ \t]*${LABEL_VALUE}[ \t]*`;
const VALUE = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[nN][aA][nN]|[+-]?[iI][nN][fF](?:[iI][nN][iI][tT][yY])?`;
const SAMPLE_LINE = new RegExp(String.raw`^[ \t]*(([a-zA-Z_:][a-zA-Z0-9_:]*)(?:[ \t]*\{((?:${LABEL},)*(?:${LABEL})?[ \t]*)\})?)[ \t]+(${VALUE})(?:[ \t]+(-?\d+))?[ \t]*$`);
/** Quoted label values, removed to get the shape of a label block (its names in order). */
const QUOTED_VALUE = /"(?:[^"\\]|\\.)*"/g;
/** name = "value" pairs of a label block SAMPLE_LINE accepted. */
const LABEL_PAIR = new RegExp(String.raw`(${LABEL_NAME})[ \t]*=[ \t]*"((?:[^"\\]|\\.)*)"`, 'g');

/** Parse exposition text. Pure; never throws: problems go to `issues` with their line. */
export function parseExposition(text: string, options: ParseOptions = {}): Exposition {
  const out: Exposition = { samples: [], types: new Map(), help: new Map(), issues: [] };
  const seen = new Set<string>();
  const shapes = new Map<string, boolean>();
  const lines = text.split('\n');
  // a final newline ends the last line rather than starting an empty one
  const count = lines.length > 1 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  let eof = false;
  for (let index = 0; index < count; index++) {
    const lineNo = index + 1;
    let line = lines[index]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0 || (isBlank(line.charCodeAt(0)) && line.trim() === '')) continue;
    if (eof) {
      out.issues.push({ line: lineNo, message: 'content after "# EOF"' });
      continue;
    }
    if (line.charCodeAt(0) === 35 /* # */) {
      if (line === '# EOF') eof = true;
      else parseComment(line, lineNo, out);
      continue;
    }
    // well-formed lines (SAMPLE_LINE, distinct label names) are read here; the rest by parseSampleLine
    const m = SAMPLE_LINE.exec(line);
    let key: string;
    let sample: Sample | undefined;
    if (m && (m[3] === undefined || !repeatsLabel(m[3], shapes))) {
      key = m[1]!;
      if (!options.keep || options.keep.has(m[2]!)) sample = sampleOf(m, lineNo);
    } else {
      const parsed = parseSampleLine(line, lineNo, out.issues);
      if (!parsed) continue;
      key = parsed.key;
      if (!options.keep || options.keep.has(parsed.sample.name)) sample = parsed.sample;
    }
    // textual identity (name and label text as written) keeps this cheap on large expositions
    if (seen.has(key)) out.issues.push({ line: lineNo, message: `duplicate series ${key}` });
    else seen.add(key);
    if (sample) out.samples.push(sample);
  }
  return out;
}

/** The sample of a line SAMPLE_LINE matched (`m`). */
function sampleOf(m: RegExpExecArray, lineNo: number): Sample {
  const labels: Record<string, string> = {};
  const block = m[3];
  if (block !== undefined) {
    LABEL_PAIR.lastIndex = 0;
    for (let pair = LABEL_PAIR.exec(block); pair; pair = LABEL_PAIR.exec(block)) {
      const raw = pair[2]!;
      labels[pair[1]!] = raw.includes('\\') ? raw.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c)) : raw;
    }
  }
  const base = { name: m[2]!, labels, value: parseValue(m[4]!)!, line: lineNo };
  return m[5] === undefined ? base : { ...base, timestampMs: Number(m[5]) };
}

/**
 * Whether a label block SAMPLE_LINE accepted names a label twice. Series of one family share their
 * block's shape (names in order), so each shape is checked once.
 */
function repeatsLabel(block: string, shapes: Map<string, boolean>): boolean {
  const shape = block.replace(QUOTED_VALUE, '');
  let repeats = shapes.get(shape);
  if (repeats === undefined) {
    const names = shape.split(',').map((pair) => pair.split('=')[0]!.trim()).filter((n) => n !== '');
    repeats = new Set(names).size !== names.length;
    shapes.set(shape, repeats);
  }
  return repeats;
}

/** `name{a="1",b="2"}` with labels sorted: a stable identity for one series. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  let out = `${name}{`;
  for (let i = 0; i < keys.length; i++) out += `${i ? ',' : ''}${keys[i]}=${JSON.stringify(labels[keys[i]!])}`;
  return `${out}}`;
}

function parseComment(line: string, lineNo: number, out: Exposition): void {
  const m = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return; // an ordinary comment
  const [, kind, name, rest = ''] = m;
  if (!isMetricName(name!)) {
    out.issues.push({ line: lineNo, message: `invalid metric name "${name}" in # ${kind}` });
    return;
  }
  if (kind === 'TYPE') {
    const type = rest.trim();
    if (!METRIC_TYPES.has(type)) {
      out.issues.push({ line: lineNo, message: `unknown metric type "${type}" for ${name}` });
    } else if (out.types.has(name!)) {
      out.issues.push({ line: lineNo, message: `second # TYPE line for ${name}` });
    } else {
      out.types.set(name!, type as MetricType);
    }
  } else if (out.help.has(name!)) {
    out.issues.push({ line: lineNo, message: `second # HELP line for ${name}` });
  } else {
    out.help.set(name!, rest.replace(/\\(\\|n)/g, (_s, c: string) => (c === 'n' ? '\n' : '\\')));
  }
}

function isMetricName(s: string): boolean {
  if (s.length === 0 || !isNameStart(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) if (!isNameChar(s.charCodeAt(i))) return false;
  return true;
}

function parseSampleLine(line: string, lineNo: number, issues: ExpositionIssue[]): { sample: Sample; key: string } | undefined {
  const fail = (message: string): undefined => {
    issues.push({ line: lineNo, message });
    return undefined;
  };
  const n = line.length;
  let i = 0;
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  const nameStart = i;
  if (i >= n || !isNameStart(line.charCodeAt(i))) return fail(`expected a metric name, got "${line.slice(i, i + 20)}"`);
  i++;
  while (i < n && isNameChar(line.charCodeAt(i))) i++;
  const name = line.slice(nameStart, i);
  const labels: Record<string, string> = {};
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) === 123 /* { */) {
    i++;
    for (;;) {
      while (i < n && isBlank(line.charCodeAt(i))) i++;
      if (line.charCodeAt(i) === 125 /* } */) {
        i++;
        break;
      }
      const ls = i;
      if (i >= n || !isAlpha(line.charCodeAt(i))) return fail(`${name}: expected a label name at column ${i + 1}`);
      i++;
      while (i < n && (isAlpha(line.charCodeAt(i)) || isDigit(line.charCodeAt(i)))) i++;
      const label = line.slice(ls, i);
      while (i < n && isBlank(line.charCodeAt(i))) i++;
      if (line.charCodeAt(i) !== 61 /* = */) return fail(`${name}: expected "=" after label ${label}`);
      i++;
      while (i < n && isBlank(line.charCodeAt(i))) i++;
      if (line.charCodeAt(i) !== 34 /* " */) return fail(`${name}: label ${label} value must be a double-quoted string`);
      i++;
      let value = '';
      let closed = false;
      let chunk = i;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === 92 /* \ */) {
          value += line.slice(chunk, i);
          const e = line[i + 1];
          if (e === '"') value += '"';
          else if (e === '\\') value += '\\';
          else if (e === 'n') value += '\n';
          else return fail(`${name}: invalid escape "\\${e ?? ''}" in label ${label} (allowed: \\" \\\\ \\n)`);
          i += 2;
          chunk = i;
        } else if (c === 34) {
          value += line.slice(chunk, i);
          closed = true;
          i++;
          break;
        } else {
          i++;
        }
      }
      if (!closed) return fail(`${name}: unterminated value of label ${label}`);
      if (Object.prototype.hasOwnProperty.call(labels, label)) return fail(`${name}: label ${label} given twice`);
      labels[label] = value;
      while (i < n && isBlank(line.charCodeAt(i))) i++;
      const c = line.charCodeAt(i);
      if (c === 44 /* , */) {
        i++;
        continue;
      }
      if (c === 125) {
        i++;
        break;
      }
      return fail(`${name}: expected "," or "}" after label ${label}`);
    }
  }
  const keyEnd = i;
  const rest = tokens(line, i);
  if (rest.length === 0) return fail(`${name}: missing value`);
  if (rest.length > 2) return fail(`${name}: unexpected text after the timestamp: "${rest.slice(2).join(' ')}"`);
  const value = parseValue(rest[0]!);
  if (value === undefined) return fail(`${name}: invalid value "${rest[0]}"`);
  let timestampMs: number | undefined;
  if (rest.length === 2) {
    if (!/^-?\d+$/.test(rest[1]!)) return fail(`${name}: invalid timestamp "${rest[1]}" (integer milliseconds expected)`);
    timestampMs = Number(rest[1]);
  }
  const sample: Sample = timestampMs === undefined ? { name, labels, value, line: lineNo } : { name, labels, value, line: lineNo, timestampMs };
  return { sample, key: line.slice(nameStart, keyEnd).trimEnd() };
}

/** Whitespace-separated tokens of `line` from `from`. */
function tokens(line: string, from: number): string[] {
  const out: string[] = [];
  let i = from;
  const n = line.length;
  while (i < n) {
    while (i < n && isBlank(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isBlank(line.charCodeAt(i))) i++;
    out.push(line.slice(s, i));
  }
  return out;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Go's ParseFloat as Prometheus uses it: decimals, exponents, NaN, Inf/+Inf/-Inf (case-insensitive). */
export function parseValue(token: string): number | undefined {
  if (DECIMAL.test(token)) return Number(token);
  const lower = token.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return undefined;
}
