/**
 * A fast path in front of the official grammar: a recursive-descent parser for the PromQL that
 * dashboards and rules are mostly made of — selectors, label matchers, function calls,
 * aggregations with `by`/`without`, binary operators with `bool`, `on`/`ignoring` and
 * `group_left`/`group_right`, unary signs, ranges, subqueries and `offset` — that builds the very tree
 * @prometheus-io/lezer-promql builds (same node types, same positions), or returns null.
 *
 * Contract: for any input, `fastParse(s)` is null, or its tree equals the grammar's tree of `s`
 * node for node; it is null whenever the grammar would find an error. Beside the tree it lists
 * the metric names the expression selects, sparing their readers a walk of the tree. It declines
 * what it does not know the grammar's answer for: comments, a sign before a number, `@`, `fill`,
 * quoted label names, keywords not in lowercase, durations other than one literal, a range or
 * `offset` after a binary operand, non-ASCII outside strings. test/promql/fast-parse.test.ts holds
 * it to the grammar on every expression g6 ships and on generated ones. The grammar costs ~25 µs
 * an expression when warm and far more cold; this costs a few.
 */
import { Tree, TreeBuffer } from '@lezer/common';
import { GRAMMAR_NODE_NAMES, grammarNodeSet, TOP_IDS } from './grammar-nodes';

/** Longest source the fast path takes: a tree level costs at least two characters, so its trees stay under parse.ts's MAX_TREE_DEPTH. */
const MAX_SOURCE = 4096;
/** Deepest nesting of parentheses and calls the fast path follows. */
const MAX_NESTING = 64;

/** Word tables are Maps: a keyed load with a freshly sliced string is far slower on an object. */
function table<V>(entries: Record<string, V>): ReadonlyMap<string, V> {
  return new Map(Object.entries(entries));
}

/** Aggregation keywords and their node names (exported for the grammar-equality test). */
export const AGGREGATIONS: ReadonlyMap<string, string> = table({
  avg: 'Avg', bottomk: 'Bottomk', count: 'Count', count_values: 'CountValues', group: 'Group', max: 'Max', min: 'Min',
  quantile: 'Quantile', limitk: 'LimitK', limit_ratio: 'LimitRatio', stddev: 'Stddev', stdvar: 'Stdvar', sum: 'Sum', topk: 'Topk',
});

/** Function names and their node names (exported for the grammar-equality test). */
export const FUNCTIONS: ReadonlyMap<string, string> = table({
  abs: 'Abs', absent: 'Absent', absent_over_time: 'AbsentOverTime', acos: 'Acos', acosh: 'Acosh', asin: 'Asin', asinh: 'Asinh',
  atan: 'Atan', atanh: 'Atanh', avg_over_time: 'AvgOverTime', ceil: 'Ceil', changes: 'Changes', clamp: 'Clamp',
  clamp_max: 'ClampMax', clamp_min: 'ClampMin', cos: 'Cos', cosh: 'Cosh', count_over_time: 'CountOverTime',
  days_in_month: 'DaysInMonth', day_of_month: 'DayOfMonth', day_of_week: 'DayOfWeek', day_of_year: 'DayOfYear', deg: 'Deg',
  delta: 'Delta', deriv: 'Deriv', exp: 'Exp', first_over_time: 'FirstOverTime', floor: 'Floor', histogram_avg: 'HistogramAvg',
  histogram_count: 'HistogramCount', histogram_fraction: 'HistogramFraction', histogram_quantile: 'HistogramQuantile',
  histogram_quantiles: 'HistogramQuantiles', histogram_stddev: 'HistogramStdDev', histogram_stdvar: 'HistogramStdVar',
  histogram_sum: 'HistogramSum', double_exponential_smoothing: 'DoubleExponentialSmoothing', hour: 'Hour', idelta: 'Idelta',
  increase: 'Increase', info: 'Info', irate: 'Irate', label_replace: 'LabelReplace', label_join: 'LabelJoin',
  last_over_time: 'LastOverTime', ln: 'Ln', log10: 'Log10', log2: 'Log2', mad_over_time: 'MadOverTime',
  max_over_time: 'MaxOverTime', min_over_time: 'MinOverTime', ts_of_max_over_time: 'TsOfMaxOverTime',
  ts_of_min_over_time: 'TsOfMinOverTime', ts_of_last_over_time: 'TsOfLastOverTime', minute: 'Minute', month: 'Month',
  pi: 'Pi', predict_linear: 'PredictLinear', present_over_time: 'PresentOverTime', quantile_over_time: 'QuantileOverTime',
  rad: 'Rad', rate: 'Rate', resets: 'Resets', round: 'Round', scalar: 'Scalar', sgn: 'Sgn', sin: 'Sin', sinh: 'Sinh',
  sort: 'Sort', sort_desc: 'SortDesc', sort_by_label: 'SortByLabel', sort_by_label_desc: 'SortByLabelDesc',
  start_timestamp: 'StartTimestamp', step: 'Step', sqrt: 'Sqrt', stddev_over_time: 'StddevOverTime',
  stdvar_over_time: 'StdvarOverTime', sum_over_time: 'SumOverTime', tan: 'Tan', tanh: 'Tanh', time: 'Time',
  timestamp: 'Timestamp', vector: 'Vector', year: 'Year',
});

/** Words the grammar may read as something other than a metric name; as a selector they send the input to the grammar. */
const RESERVED = new Set([
  ...AGGREGATIONS.keys(), ...FUNCTIONS.keys(),
  'inf', 'nan', 'bool', 'ignoring', 'on', 'group_left', 'group_right', 'offset', 'by', 'without', 'and', 'or', 'unless',
  'atan2', 'start', 'end', 'smoothed', 'anchored', 'fill', 'fill_left', 'fill_right', 'min_of', 'max_of', 'range',
  'ts_of_first_over_time',
]);

interface Operator {
  node: string;
  precedence: number;
  /** Source length of the operator token. */
  length: number;
}

const PRECEDENCE = { or: 1, and: 2, eql: 3, add: 4, mul: 5, pow: 6 } as const;
const WORD_OPERATORS: ReadonlyMap<string, Omit<Operator, 'length'>> = table({
  or: { node: 'Or', precedence: PRECEDENCE.or }, and: { node: 'And', precedence: PRECEDENCE.and },
  unless: { node: 'Unless', precedence: PRECEDENCE.and }, atan2: { node: 'Atan2', precedence: PRECEDENCE.mul },
});

const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const DURATION = /(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m(?!s))?(?:\d+s)?(?:\d+ms)?/y;
const INTEGER = /\d+/y;

/**
 * The nodes of a post-order buffer (type, from, to, 4 × subtree nodes; children first), as a
 * TreeBuffer holds them: pre-order, each node's type, from and to relative to `base`, then the
 * index just past its subtree — what @lezer/lr builds for a tree of this size. A node's subtree
 * is contiguous in both orders, and ancestors precede it in pre-order only, so its pre-order index
 * is its post-order start plus 4 × its depth; walking backwards, the open ancestors are those
 * that start no later than it.
 */
function preOrder(post: readonly number[], base: number): Uint16Array {
  const out = new Uint16Array(post.length);
  const ancestors: number[] = [];
  for (let end = post.length; end > 0; end -= 4) {
    const size = post[end - 1]!;
    const start = end - size;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1]! > start) ancestors.pop();
    const at = start + 4 * ancestors.length;
    out[at] = post[end - 4]!;
    out[at + 1] = post[end - 3]! - base;
    out[at + 2] = post[end - 2]! - base;
    out[at + 3] = at + size;
    ancestors.push(start);
  }
  return out;
}

/** Thrown to leave the fast path; never escapes fastParse. */
const DECLINE = Symbol('decline');

let types: Readonly<Record<string, number>> | undefined;
/** Node type ids by name. */
function typeIds(): Readonly<Record<string, number>> {
  if (!types) {
    const ids: Record<string, number> = {};
    GRAMMAR_NODE_NAMES.forEach((name, id) => {
      if (name && !(name in ids)) ids[name] = id;
    });
    types = ids;
  }
  return types;
}

/** A metric name the expression selects (its identifier, or a `__name__=` value) and the range of its VectorSelector. */
export interface Selected {
  name: string;
  from: number;
  to: number;
}

/** What the fast path gives: the grammar's tree, and the metric names it selects as the parse met them. */
export interface FastParse {
  tree: Tree;
  /** Selector identifiers and `__name__="…"` values (unquoted), in source order, repeats kept. */
  selected: Selected[];
}

/** The grammar's tree of `source`, built without the grammar, or null when the fast path declines. */
export function fastParse(source: string): FastParse | null {
  if (source.length > MAX_SOURCE) return null;
  try {
    return new FastParser(source, typeIds()).parse();
  } catch (err) {
    if (err === DECLINE) return null;
    throw err;
  }
}

/** Unquote a PromQL string literal. */
export function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return literal.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** A character that would continue an identifier, number or duration token. */
const continuesToken = (c: number): boolean => isLetter(c) || isDigit(c) || c === 58 || c === 46;

class FastParser {
  private pos = 0;
  private nesting = 0;
  /** lezer's flat tree format: type, from, to, size (4 × nodes in the subtree), children before parents. */
  private readonly buffer: number[] = [];
  private readonly selected: Selected[] = [];

  constructor(
    private readonly src: string,
    private readonly ids: Readonly<Record<string, number>>,
  ) {}

  parse(): FastParse {
    this.expression();
    this.skipSpace();
    if (this.pos !== this.src.length) throw DECLINE;
    // one expression: one root, the last node written, spanning the whole buffer
    const b = this.buffer;
    const from = b[b.length - 3]!;
    const set = grammarNodeSet();
    const tree = new TreeBuffer(preOrder(b, from), b[b.length - 2]! - from, set);
    return { tree: new Tree(set.types[TOP_IDS.PromQL]!, [tree], [from], this.src.length), selected: this.selected };
  }

  // --- tree output

  /** Close a node whose children start at buffer index `start`. */
  private node(name: string, from: number, to: number, start: number): void {
    const id = this.ids[name];
    if (id === undefined) throw new Error(`fast-parse: the grammar has no node type ${name}`);
    this.buffer.push(id, from, to, this.buffer.length - start + 4);
  }

  private leaf(name: string, from: number, to: number): void {
    this.node(name, from, to, this.buffer.length);
  }

  // --- tokens

  private skipSpace(): void {
    const s = this.src;
    while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) this.pos++;
    if (s.charCodeAt(this.pos) === 35) throw DECLINE; // a comment
  }

  /** The next character code after spaces (NaN at the end). */
  private peek(): number {
    this.skipSpace();
    return this.src.charCodeAt(this.pos);
  }

  private expect(c: number): void {
    if (this.peek() !== c) throw DECLINE;
    this.pos++;
  }

  /** The word at the position (identifier characters, colons included), not consumed; '' when none. */
  private word(): string {
    this.skipSpace();
    const s = this.src;
    let end = this.pos;
    if (end < s.length && (isLetter(s.charCodeAt(end)) || s.charCodeAt(end) === 58)) {
      end++;
      while (end < s.length && (isLetter(s.charCodeAt(end)) || isDigit(s.charCodeAt(end)) || s.charCodeAt(end) === 58)) end++;
    }
    return s.slice(this.pos, end);
  }

  /** Consume `word` (just returned by word()) as a keyword leaf, declining other spellings of it. */
  private keyword(word: string, name: string): void {
    if (word !== word.toLowerCase()) throw DECLINE;
    this.leaf(name, this.pos, this.pos + word.length);
    this.pos += word.length;
  }

  private sticky(re: RegExp): number {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    return m ? m[0].length : 0;
  }

  // --- expressions

  /** A whole expression: operands joined by binary operators; a range or offset only on the first operand. */
  private expression(): void {
    const start = this.buffer.length;
    const from = this.peekFrom();
    this.primary();
    this.postfix(start, from);
    this.binary(start, from, 0);
    if (this.postfixFollows()) throw DECLINE; // after a binary operand: the grammar's to place
  }

  /** Whether a range, subquery, `@` or `offset` comes next. */
  private postfixFollows(): boolean {
    const c = this.peek();
    return c === 91 || c === 64 || this.word().toLowerCase() === 'offset';
  }

  private peekFrom(): number {
    this.skipSpace();
    return this.pos;
  }

  /** Precedence climbing: extend the operand at `start` with operators binding tighter than `min`. */
  private binary(start: number, from: number, min: number): void {
    for (;;) {
      const op = this.operator();
      if (!op || op.precedence <= min) return;
      this.leaf(op.node, this.pos, this.pos + op.length);
      this.pos += op.length;
      this.modifiers();
      const rightStart = this.buffer.length;
      const rightFrom = this.peekFrom();
      this.primary();
      // ^ is right-associative: the right operand takes operators of equal precedence too
      this.binary(rightStart, rightFrom, op.node === 'Pow' ? op.precedence - 1 : op.precedence);
      this.node('BinaryExpr', from, this.lastEnd(), start);
    }
  }

  /** The binary operator at the position, not consumed, or null. */
  private operator(): Operator | null {
    const c = this.peek();
    const s = this.src;
    const next = s.charCodeAt(this.pos + 1);
    const op = (node: string, precedence: number, length = 1): Operator => ({ node, precedence, length });
    switch (c) {
      case 43: return op('Add', PRECEDENCE.add);
      case 45: return op('Sub', PRECEDENCE.add);
      case 42: return op('Mul', PRECEDENCE.mul);
      case 47: return op('Div', PRECEDENCE.mul);
      case 37: return op('Mod', PRECEDENCE.mul);
      case 94: return op('Pow', PRECEDENCE.pow);
      case 61:
        if (next === 61) return op('Eql', PRECEDENCE.eql, 2);
        throw DECLINE;
      case 33:
        if (next === 61) return op('Neq', PRECEDENCE.eql, 2);
        throw DECLINE;
      case 60:
        if (next === 61) return op('Lte', PRECEDENCE.eql, 2);
        if (next === 47) throw DECLINE; // </ trims
        return op('Lss', PRECEDENCE.eql);
      case 62:
        if (next === 61) return op('Gte', PRECEDENCE.eql, 2);
        if (next === 47) throw DECLINE; // >/ trims
        return op('Gtr', PRECEDENCE.eql);
      default: {
        const w = this.word();
        const known = WORD_OPERATORS.get(w);
        if (known) return { ...known, length: w.length };
        if (WORD_OPERATORS.has(w.toLowerCase())) throw DECLINE;
        return null;
      }
    }
  }

  /** `bool`, then `on(…)`/`ignoring(…)` with `group_left`/`group_right` and their labels. */
  private modifiers(): void {
    let w = this.word();
    if (w.toLowerCase() === 'bool') {
      const start = this.buffer.length;
      const from = this.pos;
      this.keyword(w, 'Bool');
      this.node('BoolModifier', from, this.pos, start);
      w = this.word();
    }
    const lower = w.toLowerCase();
    if (lower === 'on' || lower === 'ignoring') {
      const start = this.buffer.length;
      const from = this.pos;
      this.keyword(w, lower === 'on' ? 'On' : 'Ignoring');
      this.groupingLabels();
      const g = this.word();
      const group = g.toLowerCase();
      if (group === 'group_left' || group === 'group_right') {
        this.keyword(g, group === 'group_left' ? 'GroupLeft' : 'GroupRight');
        if (this.peek() === 40) this.groupingLabels();
      }
      this.node('MatchingModifierClause', from, this.lastEnd(), start);
      w = this.word();
    }
    if (w.toLowerCase().startsWith('fill')) throw DECLINE;
  }

  /** End offset of the node written last. */
  private lastEnd(): number {
    return this.buffer[this.buffer.length - 2]!;
  }

  /** Ranges, subqueries and offsets applied to the expression at `start`. */
  private postfix(start: number, from: number): void {
    for (;;) {
      const c = this.peek();
      if (c === 91) {
        this.pos++;
        this.duration();
        if (this.peek() === 58) {
          this.pos++;
          if (this.peek() !== 93) this.duration();
          this.expect(93);
          this.node('SubqueryExpr', from, this.pos, start);
        } else {
          this.expect(93);
          this.node('MatrixSelector', from, this.pos, start);
        }
        continue;
      }
      const w = this.word();
      if (w.toLowerCase() !== 'offset') return;
      this.keyword(w, 'Offset');
      const durationStart = this.buffer.length;
      const durationFrom = this.peekFrom();
      this.durationLiteral();
      this.node('OffsetDurationExpr', durationFrom, this.pos, durationStart);
      this.node('OffsetExpr', from, this.pos, start);
    }
  }

  /** One duration literal inside brackets. */
  private duration(): void {
    const start = this.buffer.length;
    const from = this.peekFrom();
    this.durationLiteral();
    this.node('DurationExpr', from, this.pos, start);
  }

  private durationLiteral(): void {
    this.skipSpace();
    const from = this.pos;
    const length = this.sticky(DURATION) || this.sticky(INTEGER);
    const after = this.src.charCodeAt(from + length);
    // a subquery's colon ends the duration; anything else that could extend it is the grammar's
    if (length === 0 || (after !== 58 && continuesToken(after))) throw DECLINE;
    this.pos += length;
    this.leaf('NumberDurationLiteralInDurationContext', from, this.pos);
  }

  private primary(): void {
    if (++this.nesting > MAX_NESTING) throw DECLINE;
    const c = this.peek();
    const from = this.pos;
    if (c === 40) {
      const start = this.buffer.length;
      this.pos++;
      this.expression();
      this.expect(41);
      this.node('ParenExpr', from, this.pos, start);
    } else if (c === 123) {
      const start = this.buffer.length;
      const names = this.labelMatchers();
      this.node('VectorSelector', from, this.pos, start);
      this.select(names, from, this.pos);
    } else if (c === 45 || c === 43) {
      this.unary();
    } else if (c === 34 || c === 39 || c === 96) {
      this.string();
    } else if (isDigit(c) || (c === 46 && isDigit(this.src.charCodeAt(this.pos + 1)))) {
      const length = this.sticky(NUMBER);
      if (continuesToken(this.src.charCodeAt(from + length))) throw DECLINE;
      this.pos += length;
      this.leaf('NumberDurationLiteral', from, this.pos);
    } else {
      this.named();
    }
    this.nesting--;
  }

  /**
   * `-expr` or `+expr`: the sign binds like `*`, so its operand takes `^` only. A sign before a
   * number is the grammar's to resolve (a signed literal, or not), and so is a range after it.
   */
  private unary(): void {
    const start = this.buffer.length;
    const from = this.pos;
    this.leaf('UnaryOp', from, from + 1);
    this.pos++;
    const c = this.peek();
    const w = this.word().toLowerCase();
    if (isDigit(c) || c === 46 || w === 'inf' || w === 'nan') throw DECLINE;
    const operandStart = this.buffer.length;
    const operandFrom = this.pos;
    this.primary();
    this.binary(operandStart, operandFrom, PRECEDENCE.mul);
    if (this.postfixFollows()) throw DECLINE;
    this.node('UnaryExpr', from, this.lastEnd(), start);
  }

  /** An aggregation, a function call, Inf/NaN, or a selector by metric name. */
  private named(): void {
    const w = this.word();
    if (w === '') throw DECLINE;
    const lower = w.toLowerCase();
    const from = this.pos;
    const start = this.buffer.length;
    const aggregation = AGGREGATIONS.get(lower);
    if (aggregation) {
      this.keyword(w, aggregation);
      this.node('AggregateOp', from, this.pos, start);
      const before = this.aggregateModifier();
      this.callBody();
      if (!before) this.aggregateModifier();
      this.node('AggregateExpr', from, this.lastEnd(), start);
      return;
    }
    const fn = FUNCTIONS.get(w);
    if (fn && this.src.charCodeAt(this.pos + w.length) === 40) {
      this.leaf(fn, from, from + w.length);
      this.pos += w.length;
      this.node('FunctionIdentifier', from, this.pos, start);
      this.callBody();
      this.node('FunctionCall', from, this.pos, start);
      return;
    }
    if (lower === 'inf' || lower === 'nan') {
      this.pos += w.length;
      this.leaf('NumberDurationLiteral', from, this.pos);
      return;
    }
    if (RESERVED.has(lower)) throw DECLINE;
    this.leaf('Identifier', from, from + w.length);
    this.pos += w.length;
    const names = this.peek() === 123 ? this.labelMatchers() : [];
    const to = this.lastEnd();
    this.node('VectorSelector', from, to, start);
    this.select([w, ...names], from, to);
  }

  private select(names: readonly string[], from: number, to: number): void {
    for (const name of names) this.selected.push({ name, from, to });
  }

  /** `by (…)` or `without (…)` when present; whether there was one. */
  private aggregateModifier(): boolean {
    const w = this.word();
    const lower = w.toLowerCase();
    if (lower !== 'by' && lower !== 'without') return false;
    const start = this.buffer.length;
    const from = this.pos;
    this.keyword(w, lower === 'by' ? 'By' : 'Without');
    this.groupingLabels();
    this.node('AggregateModifier', from, this.pos, start);
    return true;
  }

  /** `( expr, … )` of a call or an aggregation. */
  private callBody(): void {
    const start = this.buffer.length;
    const from = this.peekFrom();
    this.expect(40);
    if (this.peek() !== 41) {
      this.expression();
      while (this.peek() === 44) {
        this.pos++;
        this.expression();
      }
    }
    this.expect(41);
    this.node('FunctionCallBody', from, this.pos, start);
  }

  /** `( label, … )`, a trailing comma allowed. */
  private groupingLabels(): void {
    const start = this.buffer.length;
    const from = this.peekFrom();
    this.expect(40);
    while (this.peek() !== 41) {
      this.labelName();
      if (this.peek() === 44) this.pos++;
      else break;
    }
    this.expect(41);
    this.node('GroupingLabels', from, this.pos, start);
  }

  /** `{ label op "value", … }`, a trailing comma allowed; the values of its `__name__=` matchers. */
  private labelMatchers(): string[] {
    const names: string[] = [];
    const start = this.buffer.length;
    const from = this.peekFrom();
    this.expect(123);
    while (this.peek() !== 125) {
      const matcherStart = this.buffer.length;
      const matcherFrom = this.pos;
      const label = this.labelName();
      const op = this.matchOp();
      if (this.peek() !== 34 && this.peek() !== 39 && this.peek() !== 96) throw DECLINE;
      const valueFrom = this.pos;
      this.string();
      if (label === '__name__' && op === 'EqlSingle') names.push(unquote(this.src.slice(valueFrom, this.pos)));
      this.node('UnquotedLabelMatcher', matcherFrom, this.pos, matcherStart);
      if (this.peek() === 44) this.pos++;
      else break;
    }
    this.expect(125);
    this.node('LabelMatchers', from, this.pos, start);
    return names;
  }

  private labelName(): string {
    const w = this.word();
    if (w === '' || w.includes(':')) throw DECLINE;
    this.leaf('LabelName', this.pos, this.pos + w.length);
    this.pos += w.length;
    return w;
  }

  /** The operator's node name. */
  private matchOp(): string {
    const c = this.peek();
    const next = this.src.charCodeAt(this.pos + 1);
    const from = this.pos;
    let name: string;
    if (c === 61) name = next === 126 ? 'EqlRegex' : next === 61 ? '' : 'EqlSingle';
    else if (c === 33) name = next === 61 ? 'Neq' : next === 126 ? 'NeqRegex' : '';
    else name = '';
    if (!name) throw DECLINE;
    this.pos += name === 'EqlSingle' ? 1 : 2;
    const start = this.buffer.length;
    this.leaf(name, from, this.pos);
    this.node('MatchOp', from, this.pos, start);
    return name;
  }

  /** A quoted string on one line (backquoted: any lines), closed. */
  private string(): void {
    const s = this.src;
    const from = this.pos;
    const quote = s.charCodeAt(from);
    let i = from + 1;
    for (;;) {
      if (i >= s.length) throw DECLINE;
      const c = s.charCodeAt(i);
      if (c === quote) break;
      if (quote !== 96) {
        if (c === 10) throw DECLINE;
        if (c === 92) i++;
      }
      i++;
    }
    this.pos = i + 1;
    this.leaf('StringLiteral', from, this.pos);
  }
}
