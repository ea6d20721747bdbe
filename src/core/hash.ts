/** Hashing and canonical JSON: the only way g6 fingerprints content. */

/**
 * JSON with every object's keys sorted (UTF-16 code-unit order), `space` per nesting level ('' for
 * compact output; whitespace of at most 10 characters, JSON.stringify's bound), printed exactly as
 * json-stable-stringify 1.x prints it (g6's format before this writer, which loads none of its two
 * dozen helper packages): `toJSON` is honoured, undefined and function members are dropped from
 * objects and written as null in arrays, and an indented empty array or object keeps its closing
 * bracket on its own line. A circular object throws TypeError. Undefined when `value` itself
 * serialises to nothing.
 *
 * V8's JSON.stringify prints a copy of `value` whose objects hold their keys in sorted order (a
 * cold process runs the native printer many times faster than a printer written in JavaScript);
 * a value with an array-index key (`"10"`), which every object lists first whatever its order, or
 * nested deeper than MAX_COPY_DEPTH goes through {@link writeSorted} instead.
 */
export function stableJson(value: unknown, space = ''): string | undefined {
  const copy = sortedCopy(value, 0);
  if (copy === UNSORTABLE) return writeSorted(value, space);
  const text = JSON.stringify(copy, null, space) as string | undefined;
  return text === undefined || !space ? text : text.replace(EMPTY_INDENTED, (empty, offset: number) => closeOnOwnLine(text, empty, offset));
}

/** What {@link sortedCopy} returns for a value holding an array-index key, or nested deeper than MAX_COPY_DEPTH (a cycle, say). */
const UNSORTABLE = Symbol('unsortable');

/** Deeper values take the JavaScript printer, which finds cycles. */
const MAX_COPY_DEPTH = 1000;

/**
 * `v` with toJSON applied throughout, members JSON drops left out of objects and nulled in arrays,
 * and every object's keys inserted in sorted order; UNSORTABLE when a key is an array index or it nests too deep.
 */
function sortedCopy(v: unknown, depth: number): unknown {
  const value = resolved(v);
  if (typeof value !== 'object' || value === null) return value;
  if (depth === MAX_COPY_DEPTH) return UNSORTABLE;
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(value)) {
    copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i], depth + 1);
      if (item === UNSORTABLE) return UNSORTABLE;
      copy[i] = isDropped(item) ? null : item;
    }
  } else {
    copy = {};
    const obj = value as Record<string, unknown>;
    for (const key of sortedKeys(obj)) {
      if (isArrayIndex(key)) return UNSORTABLE;
      const item = sortedCopy(obj[key], depth + 1);
      if (item === UNSORTABLE) return UNSORTABLE;
      if (!isDropped(item)) copy[key] = item;
    }
  }
  return copy;
}

/** Arrays up to this long are sorted by insertion, which allocates nothing; Array.prototype.sort copies every array into a work array first. */
const INSERTION_SORT_MAX = 16;

/**
 * Sort `xs` in place in UTF-16 code-unit order, as `xs.sort()` does, and return it: canonical
 * JSON, label sets and groupings sort millions of short lists in one run.
 */
export function sortStrings(xs: string[]): string[] {
  if (xs.length > INSERTION_SORT_MAX) return xs.sort();
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    for (; j >= 0 && xs[j]! > x; j--) xs[j + 1] = xs[j]!;
    xs[j + 1] = x;
  }
  return xs;
}

/** The own enumerable keys of `obj`, sorted as `Object.keys(obj).sort()` sorts them. */
export const sortedKeys = (obj: object): string[] => sortStrings(Object.keys(obj));

/** Keys JavaScript objects order numerically before every other key: canonical integers below 2^32 - 1. */
const isArrayIndex = (key: string): boolean => {
  const c = key.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 0xffffffff;
};

/**
 * An empty array or object JSON.stringify printed as a value on its own line: it ends its line (a
 * comma may follow), which no `[]` or `{}` inside a string literal or a key can do.
 */
const EMPTY_INDENTED = /(?:\[\]|\{\})(?=,?\n|$)/g;

/** `[]` as json-stable-stringify indents it: `[`, a line break, the line's indent, `]`. */
function closeOnOwnLine(text: string, empty: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  let end = start;
  while (text.charCodeAt(end) === 0x20 || text.charCodeAt(end) === 0x09) end++;
  return `${empty[0]}\n${text.slice(start, end)}${empty[1]}`;
}

/** {@link stableJson} printed in JavaScript, for values JSON.stringify cannot print in sorted order. */
function writeSorted(value: unknown, space: string): string | undefined {
  const colon = space ? ': ' : ':';
  const newlines: string[] = [];
  const newline = (level: number): string => {
    if (!space) return '';
    while (newlines.length <= level) newlines.push(`\n${space.repeat(newlines.length)}`);
    return newlines[level]!;
  };
  const ancestors = new Set<object>();
  // one output string, appended to; each key quoted once per call
  const keys = new Map<string, string>();
  let out = '';
  const write = (node: unknown, level: number): void => {
    if (typeof node === 'string') out += quote(node);
    else if (typeof node !== 'object' || node === null) out += JSON.stringify(node) as string;
    else if (Array.isArray(node)) {
      const open = newline(level) + space;
      out += '[';
      for (let i = 0; i < node.length; i++) {
        out += i ? `,${open}` : open;
        const v = resolved(node[i]);
        if (isDropped(v)) out += 'null';
        else write(v, level + 1);
      }
      out += `${newline(level)}]`;
    } else {
      if (ancestors.has(node)) throw new TypeError('Converting circular structure to JSON');
      ancestors.add(node);
      const open = newline(level) + space;
      const obj = node as Record<string, unknown>;
      out += '{';
      let first = true;
      for (const key of sortedKeys(obj)) {
        const v = resolved(obj[key]);
        if (isDropped(v)) continue;
        let k = keys.get(key);
        if (k === undefined) keys.set(key, (k = `${quote(key)}${colon}`));
        out += `${first ? '' : ','}${open}${k}`;
        first = false;
        write(v, level + 1);
      }
      ancestors.delete(node);
      out += `${newline(level)}}`;
    }
  };
  const top = resolved(value);
  if (isDropped(top)) return undefined;
  write(top, 0);
  return out;
}

/** The value JSON writes for `v`: its `toJSON()` when it has one. */
const resolved = (v: unknown): unknown => (v && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON: () => unknown }).toJSON() : v);

/** Values JSON leaves out of objects and writes as null in arrays. */
const isDropped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A JSON string literal: printable ASCII without quotes or backslashes as it is, anything else as JSON.stringify writes it. */
const quote = (s: string): string => (s.length < 256 && PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

/** Compact JSON with recursively sorted keys; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  const text = stableJson(value);
  if (text === undefined) throw new TypeError('value cannot be serialised to JSON');
  return text;
}

let crypto: typeof import('node:crypto') | undefined;

/**
 * Hex SHA-256 of `text` (UTF-8 for a string). node:crypto is loaded by the first hash: loading it
 * costs a tenth of node's own start-up, which checks that print no hash never pay.
 */
export function sha256Hex(text: string | Buffer): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  crypto ??= require('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** First 16 hex digits of sha256 over canonical JSON. */
export function contentHash16(value: unknown): string {
  return sha256Hex(canonicalJson(value)).slice(0, 16);
}
