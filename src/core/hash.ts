/** Hashing and canonical JSON: the only way g6 fingerprints content. */
import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys sorted (UTF-16 code-unit order), `space` per nesting level ('' for
 * compact output), printed exactly as json-stable-stringify 1.x prints it (g6's format before this
 * writer, which loads none of its two dozen helper packages): `toJSON` is honoured, undefined and
 * function members are dropped from objects and written as null in arrays, and an indented empty
 * array or object keeps its closing bracket on its own line. A circular object throws TypeError.
 * Undefined when `value` itself serialises to nothing.
 */
export function stableJson(value: unknown, space = ''): string | undefined {
  const colon = space ? ': ' : ':';
  const newlines: string[] = [];
  const newline = (level: number): string => {
    if (!space) return '';
    while (newlines.length <= level) newlines.push(`\n${space.repeat(newlines.length)}`);
    return newlines[level]!;
  };
  const ancestors = new Set<object>();
  const write = (input: unknown, level: number): string | undefined => {
    let node = input;
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node) as string | undefined;
    const open = newline(level) + space;
    const close = newline(level);
    if (Array.isArray(node)) {
      let out = '';
      for (let i = 0; i < node.length; i++) out += `${i ? ',' : ''}${open}${write(node[i], level + 1) ?? 'null'}`;
      return `[${out}${close}]`;
    }
    if (ancestors.has(node)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(node);
    let out = '';
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj).sort()) {
      const v = write(obj[key], level + 1);
      if (!v) continue;
      out += `${out ? ',' : ''}${open}${JSON.stringify(key)}${colon}${v}`;
    }
    ancestors.delete(node);
    return `{${out}${close}}`;
  };
  return write(value, 0);
}

/** Compact JSON with recursively sorted keys; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  const text = stableJson(value);
  if (text === undefined) throw new TypeError('value cannot be serialised to JSON');
  return text;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** First 16 hex digits of sha256 over canonical JSON. */
export function contentHash16(value: unknown): string {
  return sha256Hex(canonicalJson(value)).slice(0, 16);
}
