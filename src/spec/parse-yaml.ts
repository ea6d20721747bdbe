/**
 * YAML parsing within the input limits, remembering where every node is. js-yaml reports node
 * open/close events to a listener; replaying them gives each JSON pointer its 1-based line and column.
 */
import yaml from 'js-yaml';
import { InputError, InputSyntaxError } from '../core/errors';
import { InputLimitError, inputLimits, type InputLimits } from '../core/input-limits';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedYaml {
  file: string;
  doc: unknown;
  text: string;
  /** Node tree for positions: absent until the first lookup, null for an empty document. */
  root?: RawNode | null;
  /** Line start offsets, computed on the first position lookup. */
  lineStarts?: number[];
}

/** A YAML syntax error with its place; an InputError (exit 3) that checkers can turn into a finding. */
export class YamlSyntaxError extends InputSyntaxError {
  constructor(message: string, where: InputSyntaxError['where']) {
    super(message, where);
    this.name = 'YamlSyntaxError';
  }
}

export interface RawNode {
  start: number;
  kind?: string;
  result?: unknown;
  children: RawNode[];
}

/**
 * The YAML types every g6 input is read with: YAML 1.2's core types (null, booleans, numbers)
 * plus `<<` merge keys, which PyYAML-era specs may use. Not js-yaml's default, which also turns
 * date-like scalars into Date objects (a spec's text stays text) and costs a third more per parse.
 */
export const YAML_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge] }); // js-yaml exports `types`; @types/js-yaml omits it

/** Escape one JSON-pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * js-yaml's own guards, set from the limits: its depth counts the document and the leaf scalar
 * too, so `depth + 2` lets exactly `depth` nested collections through (checkExpansion has the last
 * word); every key a `<<` merge copies counts against the alias budget.
 */
function loadOptions(file: string, limits: Readonly<InputLimits>): yaml.LoadOptions {
  return { filename: file, schema: YAML_SCHEMA, maxDepth: limits.depth + 2, maxTotalMergeKeys: limits.aliases } as yaml.LoadOptions; // @types/js-yaml predates both options
}

/**
 * Parse one YAML document from `file` within the input limits. Syntax errors (a second document
 * included) are a YamlSyntaxError naming file:line:col; nesting deeper than the depth limit, or
 * aliases and merge keys expanding past the alias budget, an InputLimitError. An empty document is null.
 */
export function parseYaml(text: string, file: string): unknown {
  const limits = inputLimits();
  let doc: unknown;
  try {
    doc = yaml.load(text, loadOptions(file, limits));
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    throw yamlError(err, text, file, limits);
  }
  if (MAY_HOLD_ALIAS.test(text)) checkExpansion(doc, file, limits);
  else checkDepth(doc, file, limits);
  return doc === undefined ? null : doc;
}

/**
 * What every alias needs: `*` and one character js-yaml reads as part of an anchor name (any but
 * tab, space, a line break and the flow indicators). Text without it has no alias: each node of
 * its document is a node of the text, which only the depth limit can refuse.
 */
const MAY_HOLD_ALIAS = /\*[^\t \n\r,[\]{}]/;

const tooDeep = (file: string, limits: Readonly<InputLimits>): InputLimitError =>
  new InputLimitError(file, 'depth', `with its aliases expanded, nesting goes deeper than ${limits.depth} levels`);

/** {@link checkExpansion} of a document without aliases: its nesting against the depth limit, counted the same way. */
function checkDepth(doc: unknown, file: string, limits: Readonly<InputLimits>): void {
  if (doc === null || typeof doc !== 'object') return;
  if (limits.depth <= 0) throw tooDeep(file, limits);
  const stack: unknown[][] = [Array.isArray(doc) ? doc : Object.values(doc)];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const children = stack[top]!;
    if (next[top] === children.length) {
      stack.pop();
      next.pop();
      continue;
    }
    const child = children[next[top]!++];
    if (child === null || typeof child !== 'object') continue;
    if (stack.length >= limits.depth) throw tooDeep(file, limits);
    stack.push(Array.isArray(child) ? child : Object.values(child));
    next.push(0);
  }
}

const MULTI_DOCUMENT = 'expected a single document in the stream, but found more';

function yamlError(err: yaml.YAMLException, text: string, file: string, limits: Readonly<InputLimits>): InputError {
  const place = (line: number, column: number, reason: string): YamlSyntaxError =>
    new YamlSyntaxError(`${file}:${line}:${column}: invalid YAML: ${reason}; fix the syntax at that position`, { file, line, column, reason });
  const mark = err.mark;
  const at = mark ? `:${mark.line + 1}:${mark.column + 1}` : '';
  if (err.reason.startsWith('nesting exceeded maxDepth')) return new InputLimitError(file, 'depth', `nesting goes deeper than ${limits.depth} levels here`, at);
  if (err.reason.startsWith('merge keys exceeded maxTotalMergeKeys')) return new InputLimitError(file, 'aliases', `<< merge keys copy more than ${limits.aliases} keys`, at);
  if (err.reason === MULTI_DOCUMENT) {
    const { line, column } = positionOf(text, computeLineStarts(text), secondDocumentAt(text, loadOptions(file, limits)));
    return place(line, column, 'a second document starts here, and a g6 input is one document; remove the separator and what follows it, or move it to a file of its own');
  }
  if (mark) return place(mark.line + 1, mark.column + 1, err.reason);
  return new YamlSyntaxError(`${file}: invalid YAML: ${err.reason}; fix the syntax`, { file, reason: err.reason });
}

/** Offset of the `---` or `...` that begins the second document of `text` (or of its first node when none does). */
function secondDocumentAt(text: string, options: yaml.LoadOptions): number {
  const stop = new Error('second document');
  let roots = 0;
  let at = 0;
  try {
    yaml.loadAll(text, () => undefined, {
      ...options,
      listener(event, state) {
        if (event !== 'open' || (state as unknown as { depth: number }).depth !== 1 || ++roots < 2) return;
        at = state.position;
        throw stop;
      },
    });
  } catch (err) {
    if (err !== stop) throw err;
  }
  let marker = -1;
  for (const m of text.slice(0, at + 3).matchAll(/^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm)) if (m.index <= at) marker = m.index;
  return marker === -1 ? at : marker;
}

/**
 * Refuse a document whose aliases make it larger than the text: js-yaml returns an alias as the
 * same object, so a 400-byte "billion laughs" parses at once and explodes in whatever walks it
 * next. Each distinct mapping or sequence is measured once (iteratively, memoized), so this costs
 * one pass over what was parsed. Over the alias budget, deeper than the depth limit once aliases
 * are expanded, or an alias inside the node it names (an infinite document): InputError.
 */
function checkExpansion(doc: unknown, file: string, limits: Readonly<InputLimits>): void {
  if (doc === null || typeof doc !== 'object') return;
  const measured = new Map<object, { nodes: number; depth: number }>();
  const stack: Array<{ node: object; children: unknown[]; next: number; nodes: number; depth: number }> = [];
  /** Nodes the document holds once: each distinct collection and the scalars directly in it. */
  let written = 0;
  const enter = (node: object): void => {
    if (stack.length >= limits.depth) throw tooDeep(file, limits);
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, nodes: 1, depth: 1 });
  };
  enter(doc);
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.children.length) {
      stack.pop();
      written++;
      measured.set(top.node, { nodes: top.nodes, depth: top.depth });
      const parent = stack[stack.length - 1];
      if (!parent) break;
      parent.nodes += top.nodes;
      parent.depth = Math.max(parent.depth, top.depth + 1);
      continue;
    }
    const child = top.children[top.next++];
    if (child === null || typeof child !== 'object') {
      top.nodes++;
      written++;
      continue;
    }
    const known = measured.get(child);
    if (!known) {
      if (stack.some((f) => f.node === child)) throw new InputError(`${file}: an alias refers to a node that contains it, which makes the document infinite; replace the alias with a copy of what it needs`);
      enter(child);
      continue;
    }
    if (stack.length + known.depth > limits.depth) throw tooDeep(file, limits);
    top.nodes += known.nodes;
    top.depth = Math.max(top.depth, known.depth + 1);
  }
  const expanded = measured.get(doc)!.nodes - written;
  if (expanded > limits.aliases) throw new InputLimitError(file, 'aliases', `its aliases and << merge keys expand it by ${expanded > 1e15 ? 'more than 10^15' : expanded} nodes`);
}

/**
 * Parse YAML text within the input limits (see parseYaml). Positions are not tracked here: the
 * first position lookup parses the text again with a node listener, so a valid document (the
 * common case) is parsed once, at full speed.
 */
export function parseYamlWithPositions(text: string, file: string): ParsedYaml {
  return { file, doc: parseYaml(text, file), text };
}

/** The node tree js-yaml reports while parsing (open/close events), built on first use. */
function nodeTree(parsed: ParsedYaml): RawNode | undefined {
  if (parsed.root === undefined) {
    const stack: RawNode[] = [];
    const roots: RawNode[] = [];
    yaml.load(parsed.text, {
      ...loadOptions(parsed.file, inputLimits()),
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: state.position, children: [] });
          return;
        }
        const node = stack.pop();
        if (!node) return;
        node.kind = state.kind ?? undefined;
        node.result = state.result;
        const parent = stack[stack.length - 1];
        (parent ? parent.children : roots).push(node);
      },
    });
    parsed.root = roots[0] ?? null;
  }
  return parsed.root ?? undefined;
}

/** A flow collection reports itself twice with the same result; the inner node has the children. */
function unwrap(node: RawNode): RawNode {
  while (node.kind !== 'scalar' && node.children.length === 1 && node.children[0]!.result === node.result) node = node.children[0]!;
  return node;
}

/** Unescape one JSON-pointer segment (RFC 6901); the inverse of pointerSegment. */
export function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value node at `pointer` and the key node that introduces it, walking only that path. */
function resolve(parsed: ParsedYaml, pointer: string): { value?: RawNode; key?: RawNode } {
  const root = nodeTree(parsed);
  if (!root) return {};
  let node = unwrap(root);
  let key: RawNode | undefined;
  if (pointer === '') return { value: node };
  for (const raw of pointer.slice(1).split('/')) {
    const segment = decodeSegment(raw);
    let next: RawNode | undefined;
    key = undefined;
    if (node.kind === 'mapping') {
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        if (String(node.children[i]!.result) === segment) {
          key = node.children[i];
          next = node.children[i + 1];
          break;
        }
      }
    } else if (node.kind === 'sequence' && /^\d+$/.test(segment)) {
      next = node.children[Number(segment)];
    }
    if (!next) return { key };
    node = unwrap(next);
  }
  return { value: node, key };
}

function positionAt(parsed: ParsedYaml, offset: number): SourcePosition {
  parsed.lineStarts ??= computeLineStarts(parsed.text);
  return positionOf(parsed.text, parsed.lineStarts, offset);
}

/** Position of the key that introduces `pointer` (mapping members only). */
export function keyPosition(parsed: ParsedYaml, pointer: string): SourcePosition | undefined {
  const { key } = resolve(parsed, pointer);
  return key ? positionAt(parsed, key.start) : undefined;
}

/** Position of the value at `pointer`; an empty value (`help:`) is located at its key. */
export function valuePosition(parsed: ParsedYaml, pointer: string): SourcePosition | undefined {
  const { value, key } = resolve(parsed, pointer);
  if (!value) return undefined;
  if ((value.result === null || value.result === undefined) && key) return positionAt(parsed, key.start);
  return positionAt(parsed, value.start);
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** js-yaml opens a value before the separating blanks; skip them (and comments) to the token. */
function positionOf(text: string, lineStarts: number[], offset: number): SourcePosition {
  let i = offset;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else break;
  }
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: i - lineStarts[lo]! + 1 };
}

/** Best position for a pointer: the value, else its key, else the nearest ancestor's; an empty document is located at 1:1. */
export function locate(parsed: ParsedYaml, pointer: string): SourcePosition {
  let p = pointer;
  for (;;) {
    const pos = valuePosition(parsed, p) ?? keyPosition(parsed, p);
    if (pos) return pos;
    if (p === '') return { line: 1, column: 1 };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
