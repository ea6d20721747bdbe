/**
 * Parsing JSON input within the nesting limit, with syntax errors placed at line and column
 * (V8 says "at position N", or quotes the text instead of placing it, so g6 finds the place itself).
 */
import { InputSyntaxError } from './errors';
import { InputLimitError, inputLimits } from './input-limits';

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Offset of the first `[` or `{` nested deeper than `max`, or -1. Strings are skipped the way a
 * JSON scanner reads them (a raw line break ends one, as the syntax error it is), so the count
 * agrees with the parser's and bounds its recursion.
 */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22 || s === 0x0a || s === 0x0d) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return -1;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * The first place where `text` breaks the JSON grammar (RFC 8259, as JSON.parse reads it) and
 * why; undefined for valid JSON. Iterative, one pass; used only once JSON.parse has refused.
 */
export function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  const n = text.length;
  let i = 0;
  const fail = (offset: number, reason: string): { offset: number; reason: string } => {
    const found = offset >= n ? 'unexpected end of file' : /[\x21-\x7e]/.test(text[offset]!) ? `unexpected "${text[offset]}"` : `unexpected character U+${text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0')}`;
    return { offset, reason: `${found}; ${reason}` };
  };
  const skipSpace = (): void => {
    while (i < n && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): { offset: number; reason: string } | undefined => {
    const start = i++;
    for (;;) {
      if (i >= n) return { offset: start, reason: 'unterminated string; close it with "' };
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c < ' ') return fail(i, 'a string cannot hold a raw control character or line break; escape it');
      if (c !== '\\') i++;
      else if (text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if (ESCAPES.has(text[i + 1] ?? '')) i += 2;
      else return { offset: i, reason: 'invalid escape sequence in a string' };
    }
  };
  const scalar = (): { offset: number; reason: string } | undefined => {
    if (text[i] === '"') return string();
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text) ?? ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
    if (!m) return fail(i, 'expected a value');
    i += (typeof m === 'string' ? m : m[0]).length;
    return undefined;
  };
  if (/^[ \t\n\r]*$/.test(text)) return { offset: 0, reason: 'the file is empty; expected a JSON value' };
  const open: string[] = [];
  let want: 'value' | 'key' | 'next' = 'value';
  for (;;) {
    skipSpace();
    const c = text[i];
    if (want === 'value') {
      if (c === '[' || c === '{') {
        open.push(c === '[' ? ']' : '}');
        i++;
        skipSpace();
        if (text[i] === open[open.length - 1]) {
          open.pop();
          i++;
          want = 'next';
        } else want = c === '{' ? 'key' : 'value';
        continue;
      }
      const err = scalar();
      if (err) return err;
      want = 'next';
    } else if (want === 'key') {
      if (c !== '"') return fail(i, 'expected a property name in double quotes');
      const err = string();
      if (err) return err;
      skipSpace();
      if (text[i] !== ':') return fail(i, "expected ':' after the property name");
      i++;
      want = 'value';
    } else {
      const close = open[open.length - 1];
      if (close === undefined) return i < n ? fail(i, 'expected nothing after the JSON value') : undefined;
      if (c === ',') {
        i++;
        want = close === '}' ? 'key' : 'value';
      } else if (c === close) {
        open.pop();
        i++;
      } else return fail(i, `expected ',' or '${close}'`);
    }
  }
}

/**
 * Parse JSON `text` from `file`. Nesting deeper than the depth limit is an InputLimitError; a
 * syntax error is an InputSyntaxError whose message reads `file:line:col: invalid JSON: reason;
 * fix` with `fix` the caller's advice. Both are InputErrors (exit 3).
 */
export function parseJsonInput(text: string, file: string, fix = 'fix the syntax at that position'): unknown {
  const max = inputLimits().depth;
  const deep = tooDeepAt(text, max);
  if (deep !== -1) {
    const { line, column } = lineColumn(text, deep);
    throw new InputLimitError(file, 'depth', `nesting goes deeper than ${max} levels here`, `:${line}:${column}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    const { offset, reason } = jsonSyntaxError(text) ?? { offset: 0, reason: 'not valid JSON' };
    const { line, column } = lineColumn(text, offset);
    throw new InputSyntaxError(`${file}:${line}:${column}: invalid JSON: ${reason}; ${fix}`, { file, line, column, reason });
  }
}
