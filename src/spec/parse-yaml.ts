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
  /** Position of the value at each JSON pointer ('' is the root). */
  values: Map<string, SourcePosition>;
  /** Position of the key that introduces each pointer (mapping members only). */
  keys: Map<string, SourcePosition>;
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

interface RawNode {
  start: number;
  kind?: string;
  result?: unknown;
  children: RawNode[];
}

/** Escape one JSON-pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Parse YAML text; syntax errors become an InputError naming file:line:col. */
export function parseYamlWithPositions(text: string, file: string): ParsedYaml {
  const stack: RawNode[] = [];
  const roots: RawNode[] = [];
  let doc: unknown;
  try {
    doc = yaml.load(text, {
      filename: file,
      json: false,
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
  const lineStarts = computeLineStarts(text);
  const values = new Map<string, SourcePosition>();
  const keys = new Map<string, SourcePosition>();
  const at = (offset: number): SourcePosition => positionOf(text, lineStarts, offset);
  const visit = (node: RawNode, pointer: string): void => {
    // a flow collection reports itself twice with the same result; keep the inner one
    while (node.children.length === 1 && node.children[0]!.result === node.result && node.kind !== 'scalar') {
      node = node.children[0]!;
    }
    values.set(pointer, at(node.start));
    if (node.kind === 'mapping') {
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        const keyNode = node.children[i]!;
        const valueNode = node.children[i + 1]!;
        const child = `${pointer}/${pointerSegment(String(keyNode.result))}`;
        keys.set(child, at(keyNode.start));
        // an empty value (`help:`) starts where the next token is; point at its key instead
        if (valueNode.result === null || valueNode.result === undefined) valueNode.start = keyNode.start;
        visit(valueNode, child);
      }
    } else if (node.kind === 'sequence') {
      node.children.forEach((item, index) => visit(item, `${pointer}/${index}`));
    }
  };
  if (roots[0]) visit(roots[0], '');
  return { file, doc, values, keys };
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

/** Best position for a pointer: the value, else its key, else the nearest ancestor's. */
export function locate(parsed: ParsedYaml, pointer: string): SourcePosition | undefined {
  let p = pointer;
  for (;;) {
    const pos = parsed.values.get(p) ?? parsed.keys.get(p);
    if (pos) return pos;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
