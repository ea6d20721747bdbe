/**
 * YAML parsing that remembers where every node is. js-yaml reports node open/close events to a
 * listener; replaying them gives each JSON pointer its 1-based line and column.
 */
import yaml from 'js-yaml';
import { InputError } from '../core/errors';

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
export class YamlSyntaxError extends InputError {
  constructor(
    message: string,
    readonly where: { file: string; line?: number; column?: number; reason: string },
  ) {
    super(message);
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
 * Parse YAML text; syntax errors become an InputError naming file:line:col. Positions are not
 * tracked here: the first position lookup parses the text again with a node listener, so a valid
 * document (the common case) is parsed once, at full speed.
 */
export function parseYamlWithPositions(text: string, file: string): ParsedYaml {
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file, schema: YAML_SCHEMA });
  } catch (err) {
    if (err instanceof yaml.YAMLException) {
      const mark = err.mark;
      const where = mark ? `${file}:${mark.line + 1}:${mark.column + 1}` : file;
      throw new YamlSyntaxError(`${where}: invalid YAML: ${err.reason}; fix the syntax at that position`, {
        file,
        line: mark ? mark.line + 1 : undefined,
        column: mark ? mark.column + 1 : undefined,
        reason: err.reason,
      });
    }
    throw err;
  }
  // An empty or blank file loads as undefined; treat it as the empty document (null) so the schema reports it.
  return { file, doc: doc === undefined ? null : doc, text };
}

/** The node tree js-yaml reports while parsing (open/close events), built on first use. */
function nodeTree(parsed: ParsedYaml): RawNode | undefined {
  if (parsed.root === undefined) {
    const stack: RawNode[] = [];
    const roots: RawNode[] = [];
    yaml.load(parsed.text, {
      schema: YAML_SCHEMA,
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
