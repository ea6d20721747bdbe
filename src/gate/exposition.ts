/**
 * Parser for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text (`# UNIT`,
 * `# EOF`, exemplars, timestamps in seconds): HELP/TYPE/UNIT comments, exact metric names, labels
 * with `\"` `\\` `\n` escapes, NaN/±Inf values and optional timestamps. Strict like Prometheus' own parser: every malformed line is reported, and so
 * is a second sample of one series (same name and label set, labels in any order). Samples it
 * need not keep are validated, and counted when asked, without building objects for them.
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

/** The samples of one metric name that were validated but not kept (ParseOptions.count). */
export interface CountedName {
  /** How many: each is a series of its own, as no two samples of a name share a label set. */
  samples: number;
  /** Every label name they carry (never `le` or `quantile`: samples with those are kept). */
  labels: Set<string>;
}

/** Everything the text held. Samples keep file order. */
export interface Exposition {
  samples: Sample[];
  /** Per metric name, its samples not kept, when ParseOptions.count asked for them; else empty. */
  counted: Map<string, CountedName>;
  /** Declared `# TYPE` per metric family name. */
  types: Map<string, MetricType>;
  /** Declared `# HELP` per metric family name (escapes resolved). */
  help: Map<string, string>;
  /** Declared `# UNIT` per metric family name (OpenMetrics). */
  units: Map<string, string>;
  /** Malformed lines; empty when the text is valid. */
  issues: ExpositionIssue[];
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

export interface ParseOptions {
  /** Build samples only for these metric names; every line is still validated. Default: all. */
  keep?: ReadonlySet<string>;
  /**
   * With keep: count the samples not kept per name in `counted`, and keep every sample that has
   * an `le` or `quantile` label besides (its other labels make its series). A name whose samples
   * fall both ways is kept whole (the text is read again with it kept).
   */
  count?: boolean;
  /**
   * The text is OpenMetrics (`application/openmetrics-text`): a sample may carry an exemplar
   * (` # {labels} value [timestamp]`) and timestamps are seconds, fractions allowed.
   */
  openMetrics?: boolean;
}

/**
 * Parse exposition text in one pass of a scanner that validates every line. Pure; never throws:
 * each malformed line gives one issue naming its defect. Two lines with the same name and label set
 * (labels in any order) are a duplicate series.
 */
export function parseExposition(text: string, options: ParseOptions = {}): Exposition {
  const out: Exposition = { samples: [], counted: new Map(), types: new Map(), help: new Map(), units: new Map(), issues: [] };
  const scanner = new SampleScanner(text, options.keep, options.count === true && options.keep !== undefined, options.openMetrics === true, out);
  let eof = false;
  let lineNo = 0;
  for (let pos = 0; pos < text.length; ) {
    lineNo++;
    const start = pos;
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    pos = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13 /* \r */) end--;
    let i = start;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i === end) continue;
    if (eof) {
      out.issues.push({ line: lineNo, message: 'content after "# EOF"' });
    } else if (text.charCodeAt(start) === 35 /* # */) {
      const line = text.slice(start, end);
      if (line === '# EOF') eof = true;
      else parseComment(line, lineNo, out);
    } else {
      const run = i === start ? scanner.scanRun(start, lineNo) : 0;
      if (run > 0) {
        lineNo += run - 1;
        pos = scanner.runEnd;
        continue;
      }
      const message = scanner.scan(i, end, lineNo);
      if (message !== undefined) out.issues.push({ line: lineNo, message });
    }
  }
  // names with samples both counted and kept (some with `le`, some without) are read again, kept whole
  const split = out.counted.size === 0 ? [] : [...new Set(out.samples.filter((s) => out.counted.has(s.name)).map((s) => s.name))];
  return split.length > 0 ? parseExposition(text, { ...options, keep: new Set([...options.keep!, ...split]) }) : out;
}

// Tokens, matched natively at a position (sticky, read through lastIndex: no match objects). A
// character loop in JavaScript runs cold on a one-shot 10,000-line file and costs several times more.
const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
/** A label value's text up to its closing quote: any character but `"` `\` and newline, or an escape. */
const LABEL_TEXT = /[^"\\\n]*(?:\\["\\n][^"\\\n]*)*/y;
/** A sample value: what parseValue accepts. */
const VALUE = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[nN][aA][nN]|[+-]?[iI][nN][fF](?:[iI][nN][iI][tT][yY])?/y;
const TIMESTAMP = /-?\d+/y;
/** An OpenMetrics exemplar after a sample's value (and timestamp): `# {labels} value [timestamp]`. */
const EXEMPLAR = new RegExp(
  `#[ \\t]+\\{(?:${LABEL_NAME.source}="${LABEL_TEXT.source}"(?:,${LABEL_NAME.source}="${LABEL_TEXT.source}")*)?\\}[ \\t]+(?:${VALUE.source})(?:[ \\t]+(?:${VALUE.source}))?[ \\t]*`,
  'y',
);

/** End of the token `re` matches at text[from], or -1. */
function tokenEnd(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.test(text) ? re.lastIndex : -1;
}

/** Lines of a shape read token by token before it gets a run form (compiling one costs as much as a few lines). */
const RUN_AFTER = 8;

/** The label names of a series in the order they are written, and what follows from that order. */
interface LabelShape {
  names: string[];
  /** A label name given twice, if any. */
  repeated: string | undefined;
  /**
   * Written position of each label in the order series keys list them (the order this set of names
   * was first written in), or null when that is the written order.
   */
  keyOrder: number[] | null;
  /**
   * Keys follow the written order, samples are filtered and (when counting) no name is `le` or
   * `quantile`: lines not kept need no label spans.
   */
  plain: boolean;
  /** Lines of this shape not kept and read token by token. */
  scanned: number;
  /**
   * Once a plain shape has been scanned RUN_AFTER times: consecutive whole lines of this shape,
   * of any metric not kept, written tight (`metric{n1="…",n2="…"} value [timestamp]`), as one token
   * built from the other tokens, so a run of such lines is read by one match; else null.
   */
  run: RegExp | null;
}

/**
 * Scans the sample lines of one text. The label spans of the line being scanned live in arrays
 * reused across lines; a line whose metric is not kept allocates only its series key.
 */
class SampleScanner {
  /** Series key → line of its first sample. */
  private readonly seen = new Map<string, number>();
  /** Shape per label names as written ("b,a"), and key order per sorted label names ("a,b"). */
  private readonly shapes = new Map<string, LabelShape>();
  private readonly keyOrders = new Map<string, string[]>();
  /** The name counted last, its count, and the shape whose names its count holds already: most lines repeat them. */
  private last: { name: string; counted: CountedName | undefined; shape: LabelShape | undefined } = { name: '', counted: undefined, shape: undefined };
  /** The shape of the previous labelled line: most lines share it. */
  private shape: LabelShape = { names: [], repeated: undefined, keyOrder: null, plain: false, scanned: 0, run: null };
  /** After scanRun: where the run ended (the start of the next line). */
  runEnd = 0;
  /** `(?!kept1\{|kept2\{)`: a line of a kept metric ends a run. */
  private readonly notKept: string;
  /** Label k of the current line: name text[nameStart[k], nameEnd[k]), value between quotes (valueStart[k], valueEnd[k]). */
  private readonly nameStart: number[] = [];
  private readonly nameEnd: number[] = [];
  private readonly valueStart: number[] = [];
  private readonly valueEnd: number[] = [];

  constructor(
    private readonly text: string,
    private readonly keep: ReadonlySet<string> | undefined,
    private readonly counting: boolean,
    private readonly openMetrics: boolean,
    private readonly out: Exposition,
  ) {
    const kept = [...(keep ?? [])].map((n) => `${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\{`);
    this.notKept = kept.length > 0 ? `(?!${kept.join('|')})` : '';
  }

  /**
   * Read the run of lines from the line start text[start] that are whole lines of the previous
   * line's shape, of metrics not kept, by one match; how many lines it held (0: none), `runEnd`
   * after them. Each gives its series key, and a duplicate its issue, as scan() would.
   */
  scanRun(start: number, lineNo: number): number {
    const text = this.text;
    const shape = this.shape;
    if (shape.run === null) return 0;
    const runEnd = tokenEnd(shape.run, text, start);
    if (runEnd === -1) return 0;
    let lines = 0;
    for (let p = start; p < runEnd; lines++) {
      const end = text.indexOf('\n', p);
      const duplicate = this.record(text.slice(p, text.lastIndexOf('}', end) + 1), lineNo + lines);
      if (duplicate !== undefined) this.out.issues.push({ line: lineNo + lines, message: duplicate });
      else if (this.counting) this.count(p, text.indexOf('{', p), shape);
      p = end + 1;
    }
    this.runEnd = runEnd;
    return lines;
  }

  /** Scan the sample line text[start, end) (`start` at its first non-blank); the defect, if any. */
  scan(start: number, end: number, lineNo: number): string | undefined {
    const text = this.text;
    let shape: LabelShape | undefined = this.shape;
    let i = tokenEnd(METRIC_NAME, text, start);
    if (i === -1) return `expected a metric name, got "${text.slice(start, Math.min(start + 20, end))}"`;
    const nameEnd = i;
    const name = text.slice(start, i);
    let sameShape = true;
    let blockEnd = i;
    // tight: the text from the name to "}" is written as series keys are (no blanks, no trailing comma)
    let tight = true;
    let count = 0;
    if (isBlank(text.charCodeAt(i))) {
      while (isBlank(text.charCodeAt(++i)));
      tight = false;
    }
    if (i < end && text.charCodeAt(i) === 123 /* { */) {
      i++;
      for (;;) {
        if (isBlank(text.charCodeAt(i))) {
          while (isBlank(text.charCodeAt(++i)));
          tight = false;
        }
        if (i < end && text.charCodeAt(i) === 125 /* } */) {
          if (count > 0) tight = false; // a trailing comma
          break;
        }
        const ls = i;
        const le = i < end ? tokenEnd(LABEL_NAME, text, i) : -1;
        if (le === -1) return `${name}: expected a label name at column ${i - text.lastIndexOf('\n', i - 1)}`;
        i = le;
        while (isBlank(text.charCodeAt(i))) i++;
        if (i >= end || text.charCodeAt(i) !== 61 /* = */) return `${name}: expected "=" after label ${text.slice(ls, le)}`;
        i++;
        while (isBlank(text.charCodeAt(i))) i++;
        if (i !== le + 1) tight = false;
        if (i >= end || text.charCodeAt(i) !== 34 /* " */) return `${name}: label ${text.slice(ls, le)} value must be a double-quoted string`;
        const vs = i + 1;
        i = tokenEnd(LABEL_TEXT, text, vs);
        if (i < end && text.charCodeAt(i) === 92 /* \ */) {
          return `${name}: invalid escape "\\${text.slice(i + 1, Math.min(i + 2, end))}" in label ${text.slice(ls, le)} (allowed: \\" \\\\ \\n)`;
        }
        if (i >= end) return `${name}: unterminated value of label ${text.slice(ls, le)}`;
        const shapeName = shape.names[count];
        sameShape &&= shapeName !== undefined && shapeName.length === le - ls && text.startsWith(shapeName, ls);
        this.nameStart[count] = ls;
        this.nameEnd[count] = le;
        this.valueStart[count] = vs;
        this.valueEnd[count] = i;
        count++;
        i++;
        if (isBlank(text.charCodeAt(i))) {
          while (isBlank(text.charCodeAt(++i)));
          tight = false;
        }
        const c = i < end ? text.charCodeAt(i) : -1;
        if (c === 125) break;
        if (c !== 44 /* , */) return `${name}: expected "," or "}" after label ${text.slice(ls, le)}`;
        i++;
      }
      blockEnd = ++i;
    }
    if (count === 0) shape = undefined;
    else if (!sameShape || count !== shape.names.length) shape = this.shapeOfLine(count);
    if (shape?.repeated !== undefined) return `${name}: label ${shape.repeated} given twice`;
    const kept = this.keep === undefined || this.keep.has(name) || (this.counting && shape !== undefined && !shape.plain);
    if (!kept && shape?.plain && ++shape.scanned === RUN_AFTER) shape.run = this.runOf(shape.names);
    // the value, an optional timestamp, nothing else
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i === end) return `${name}: missing value`;
    const vs = i;
    i = tokenEnd(VALUE, text, vs);
    if (i === -1 || (i < end && !isBlank(text.charCodeAt(i)))) return `${name}: invalid value "${text.slice(vs, blankAfter(text, vs, end))}"`;
    const ve = i;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    const ts = i;
    let tsEnd = ts;
    if (i < end && !(this.openMetrics && text.charCodeAt(i) === 35 /* # */)) {
      i = tokenEnd(this.openMetrics ? VALUE : TIMESTAMP, text, ts);
      if (i === -1 || (i < end && !isBlank(text.charCodeAt(i)))) {
        return `${name}: invalid timestamp "${text.slice(ts, blankAfter(text, ts, end))}" (${this.openMetrics ? 'seconds' : 'integer milliseconds'} expected)`;
      }
      tsEnd = i;
      while (i < end && isBlank(text.charCodeAt(i))) i++;
    }
    if (i < end) {
      if (!this.openMetrics || text.charCodeAt(i) !== 35) return `${name}: unexpected text after the timestamp: "${text.slice(i, end).trimEnd()}"`;
      if (tokenEnd(EXEMPLAR, text, i) !== end) return `${name}: invalid exemplar "${text.slice(i, end).trimEnd()}"`;
    }

    const key = shape === undefined ? name : tight && shape.keyOrder === null ? text.slice(start, blockEnd) : this.keyOf(name, shape);
    const duplicate = this.record(key, lineNo);
    if (duplicate === undefined && !kept && this.counting) this.count(start, nameEnd, shape);
    if (duplicate !== undefined || !kept) return duplicate;
    const labels: Record<string, string> = {};
    for (let k = 0; k < count; k++) {
      const raw = text.slice(this.valueStart[k]!, this.valueEnd[k]!);
      labels[shape!.names[k]!] = raw.includes('\\') ? unescapeLabelValue(raw) : raw;
    }
    const sample: Sample = { name, labels, value: valueOf(text.slice(vs, ve)), line: lineNo };
    if (ts < tsEnd) sample.timestampMs = this.openMetrics ? Number(text.slice(ts, tsEnd)) * 1000 : Number(text.slice(ts, tsEnd));
    this.out.samples.push(sample);
    return undefined;
  }

  /** Count a sample not kept of the metric named text[start, nameEnd), labelled as `shape` says. */
  private count(start: number, nameEnd: number, shape: LabelShape | undefined): void {
    let last = this.last;
    if (nameEnd - start !== last.name.length || !this.text.startsWith(last.name, start)) {
      const name = this.text.slice(start, nameEnd);
      let counted = this.out.counted.get(name);
      if (counted === undefined) this.out.counted.set(name, (counted = { samples: 0, labels: new Set() }));
      last = this.last = { name, counted, shape: undefined };
    }
    last.counted!.samples++;
    if (shape !== last.shape && shape !== undefined) for (const n of shape.names) last.counted!.labels.add(n);
    last.shape = shape;
  }

  /** Note the series `key` seen on `lineNo`; the defect when it was seen before. */
  private record(key: string, lineNo: number): string | undefined {
    const first = this.seen.get(key);
    if (first !== undefined) return `duplicate series ${key} (first on line ${first})`;
    this.seen.set(key, lineNo);
    return undefined;
  }

  /** The shape of the current line's `count` labels, which differs from the previous line's. */
  private shapeOfLine(count: number): LabelShape {
    const names: string[] = [];
    for (let k = 0; k < count; k++) names.push(this.text.slice(this.nameStart[k]!, this.nameEnd[k]!));
    const id = names.join(',');
    let shape = this.shapes.get(id);
    if (shape === undefined) {
      const sorted = [...names].sort();
      const repeated = sorted.find((n, k) => n === sorted[k + 1]);
      const setId = sorted.join(',');
      const keyNames = this.keyOrders.get(setId) ?? names;
      this.keyOrders.set(setId, keyNames);
      const keyOrder = keyNames === names ? null : keyNames.map((n) => names.indexOf(n));
      const plain = repeated === undefined && keyOrder === null && this.keep !== undefined && !(this.counting && names.some((n) => n === 'le' || n === 'quantile'));
      shape = { names, repeated, keyOrder, plain, scanned: 0, run: null };
      this.shapes.set(id, shape);
    }
    this.shape = shape;
    return shape;
  }

  /**
   * Consecutive lines `metric{n1="…",…} value [timestamp]`, each written tight, whole and ended by
   * a newline, of any metric not kept, as one token.
   */
  private runOf(names: readonly string[]): RegExp {
    const labels = names.map((n) => `${n}="${LABEL_TEXT.source}"`).join(',');
    return new RegExp(`(?:${this.notKept}${METRIC_NAME.source}\\{${labels}\\}[ \\t]*(?:${VALUE.source})(?:[ \\t]+${TIMESTAMP.source})?[ \\t]*\\r?\\n)+`, 'y');
  }

  /** `name{a="1",b="2"}`: the current line's labels in key order, values as written. */
  private keyOf(name: string, shape: LabelShape): string {
    let key = `${name}{`;
    for (let j = 0; j < shape.names.length; j++) {
      const k = shape.keyOrder === null ? j : shape.keyOrder[j]!;
      key += `${j ? ',' : ''}${shape.names[k]}="${this.text.slice(this.valueStart[k]!, this.valueEnd[k]!)}"`;
    }
    return `${key}}`;
  }
}

/** The first blank (or `end`) at or after `from`. */
function blankAfter(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && !isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** A label value as written (between its quotes, escapes valid) with `\"` `\\` `\n` resolved. */
function unescapeLabelValue(raw: string): string {
  let out = '';
  let chunk = 0;
  for (let i = raw.indexOf('\\'); i !== -1; i = raw.indexOf('\\', chunk)) {
    const e = raw.charCodeAt(i + 1);
    out += raw.slice(chunk, i) + (e === 110 /* n */ ? '\n' : e === 34 ? '"' : '\\');
    chunk = i + 2;
  }
  return out + raw.slice(chunk);
}

/** `name{a="1",b="2"}` with labels sorted: a stable identity for one series. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  let out = `${name}{`;
  for (let i = 0; i < keys.length; i++) out += `${i ? ',' : ''}${keys[i]}=${JSON.stringify(labels[keys[i]!])}`;
  return `${out}}`;
}

/** `# HELP name text`, `# TYPE name type` and `# UNIT name unit` (blank-separated); any other comment is ignored. */
function parseComment(line: string, lineNo: number, out: Exposition): void {
  const n = line.length;
  let i = 1;
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  if (i === 1) return;
  const kind = line.slice(i, i + 4);
  i += 4;
  if ((kind !== 'HELP' && kind !== 'TYPE' && kind !== 'UNIT') || i >= n || !isBlank(line.charCodeAt(i))) return;
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  const ns = i;
  while (i < n && !isBlank(line.charCodeAt(i))) i++;
  if (i === ns) return;
  const name = line.slice(ns, i);
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  const rest = line.slice(i);
  if (!isMetricName(name)) {
    out.issues.push({ line: lineNo, message: `invalid metric name "${name}" in # ${kind}` });
    return;
  }
  if (kind === 'TYPE') {
    const type = rest.trimEnd();
    if (!METRIC_TYPES.has(type)) {
      out.issues.push({ line: lineNo, message: `unknown metric type "${type}" for ${name}` });
    } else if (out.types.has(name)) {
      out.issues.push({ line: lineNo, message: `second # TYPE line for ${name}` });
    } else {
      out.types.set(name, type as MetricType);
    }
  } else if (kind === 'UNIT') {
    if (out.units.has(name)) out.issues.push({ line: lineNo, message: `second # UNIT line for ${name}` });
    else out.units.set(name, rest.trimEnd());
  } else if (out.help.has(name)) {
    out.issues.push({ line: lineNo, message: `second # HELP line for ${name}` });
  } else {
    out.help.set(name, rest.includes('\\') ? rest.replace(HELP_ESCAPE, (_s, c: string) => (c === 'n' ? '\n' : '\\')) : rest);
  }
}

const HELP_ESCAPE = /\\(\\|n)/g;

function isMetricName(s: string): boolean {
  return tokenEnd(METRIC_NAME, s, 0) === s.length;
}

/** Go's ParseFloat as Prometheus uses it: decimals, exponents, NaN, Inf/+Inf/-Inf (case-insensitive). */
export function parseValue(token: string): number | undefined {
  return tokenEnd(VALUE, token, 0) === token.length ? valueOf(token) : undefined;
}

/** The number a token VALUE matched stands for. */
function valueOf(token: string): number {
  const last = token.charCodeAt(token.length - 1);
  if (isDigit(last) || last === 46 /* . */) return Number(token); // decimals end in a digit or "."
  if (last === 110 || last === 78) return NaN; // n N
  return token.charCodeAt(0) === 45 /* - */ ? -Infinity : Infinity;
}
