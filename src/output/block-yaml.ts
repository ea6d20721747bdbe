/**
 * Block-style YAML, byte for byte what js-yaml's `dump` prints with g6's options, faster on large
 * documents: js-yaml formats each distinct scalar once and this module lays out the mappings and
 * sequences the way js-yaml's dumper does. A document it does not cover (a multi-line string, a
 * key longer than 1,024 characters, a value other than plain objects, arrays, strings, finite
 * numbers, booleans and null) is handed to js-yaml whole.
 */
import yaml from 'js-yaml';

/** How g6 dumps YAML: keys in insertion order, long lines never folded, no anchors, double quotes. */
export const DUMP_OPTIONS: yaml.DumpOptions = { lineWidth: -1, noRefs: true, sortKeys: false, quotingType: '"' };

/** A value outside what the layout here reproduces: js-yaml dumps the whole document instead. */
class Uncovered extends Error {}

/**
 * `before` followed by `yaml.dump(value, DUMP_OPTIONS)`, computed faster when every value in the
 * document is covered. The text is joined once from its parts, so it comes out flat: no rope of
 * concatenations to keep alive while it grows, nor to copy when it is first read.
 */
export function dumpYaml(value: unknown, before = ''): string {
  if (value === undefined) return before;
  try {
    const layout = new Layout(before);
    layout.node(value, 0, true);
    return layout.text();
  } catch (err) {
    if (err instanceof Uncovered) return before + yaml.dump(value, DUMP_OPTIONS);
    throw err;
  }
}

const isMapping = (v: unknown): v is Record<string, unknown> => Object.prototype.toString.call(v) === '[object Object]';

/** Words js-yaml quotes because they read as null or a boolean (YAML 1.2, and 1.1's yes/no/on/off). */
const RESERVED_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);

/**
 * Whether js-yaml prints `s` as a plain scalar, for a subset it decides without a doubt: printable
 * ASCII starting with a letter, `_` or `(` (no indicator, nothing that reads as a number, date or
 * `<<`), not ending in a space or `:`, without `: ` or ` #`, and not a reserved word. Strings
 * outside the subset are formatted by js-yaml itself.
 */
export function isSurelyPlain(s: string): boolean {
  const first = s.charCodeAt(0);
  const letterFirst = (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95 || first === 40;
  if (!letterFirst) return false;
  const last = s.charCodeAt(s.length - 1);
  if (last === 32 || last === 58) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return false;
    if ((c === 35 && s.charCodeAt(i - 1) === 32) || (c === 32 && s.charCodeAt(i - 1) === 58)) return false;
  }
  return !RESERVED_WORDS.has(s);
}

/** Parts joined into a chunk of the text at a time, so that the parts array stays small instead of growing with the document. */
const PARTS_PER_CHUNK = 4096;

/** One document's layout; mirrors js-yaml's writeNode, writeBlockMapping and writeBlockSequence (indent 2, block style). */
class Layout {
  /** The text laid out so far: joined chunks, then the parts of the next one. */
  private readonly chunks: string[] = [];
  private readonly parts: string[] = [];
  /** A scalar prints the same as a key or a value at any depth: js-yaml's text for it, once per document. */
  private readonly scalars = new Map<unknown, string>();
  private readonly newlines: string[] = [];

  constructor(before: string) {
    if (before !== '') this.chunks.push(before);
  }

  private put(part: string): void {
    this.parts.push(part);
    if (this.parts.length === PARTS_PER_CHUNK) {
      this.chunks.push(this.parts.join(''));
      this.parts.length = 0;
    }
  }

  text(): string {
    this.parts.push('\n');
    this.chunks.push(this.parts.join(''));
    return this.chunks.join('');
  }

  private newline(level: number): string {
    while (this.newlines.length <= level) this.newlines.push(`\n${'  '.repeat(this.newlines.length)}`);
    return this.newlines[level]!;
  }

  /** A single-line string, finite number, boolean or null as js-yaml prints it. */
  private scalar(v: unknown): string {
    if (typeof v === 'string') {
      if (isSurelyPlain(v)) return v;
      if (v.includes('\n')) throw new Uncovered();
    } else if (!(typeof v === 'number' && Number.isFinite(v)) && typeof v !== 'boolean' && v !== null) throw new Uncovered();
    // a Map holds -0 and 0 as one key, and js-yaml prints them apart
    if (Object.is(v, -0)) return yaml.dump(v, DUMP_OPTIONS).slice(0, -1);
    let text = this.scalars.get(v);
    if (text === undefined) {
      text = yaml.dump(v, DUMP_OPTIONS).slice(0, -1);
      this.scalars.set(v, text);
    }
    return text;
  }

  /** Append the text of `v` (not undefined) at `level`. */
  node(v: unknown, level: number, compact: boolean): void {
    if (Array.isArray(v)) {
      if (v.length === 0) this.put('[]');
      else this.sequence(v, level, compact);
    } else if (isMapping(v)) {
      if (hasEntries(v)) this.mapping(v, level, compact);
      else this.put('{}');
    } else this.put(this.scalar(v));
  }

  private mapping(obj: Record<string, unknown>, level: number, compact: boolean): void {
    let first = true;
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      if (value === undefined) continue;
      const k = this.scalar(key);
      if (k.length > 1024) throw new Uncovered(); // js-yaml writes an explicit `? ` key
      if (!compact || !first) this.put(this.newline(level));
      first = false;
      this.put(k);
      this.put(startsOnNewLine(value) ? ':' : ': ');
      this.node(value, level + 1, false);
    }
  }

  private sequence(items: readonly unknown[], level: number, compact: boolean): void {
    for (let i = 0; i < items.length; i++) {
      if (!compact || i > 0) this.put(this.newline(level));
      this.put('- '); // an item is laid out compact: it never starts on a new line
      this.node(items[i] ?? null, level + 1, true);
    }
  }
}

/** Whether js-yaml prints anything of a mapping: a member whose value is not undefined. */
function hasEntries(obj: Record<string, unknown>): boolean {
  // for…in, unlike Object.keys, lists nothing into a new array; hasOwn keeps it to the same keys
  for (const key in obj) if (Object.hasOwn(obj, key) && obj[key] !== undefined) return true;
  return false;
}

/**
 * Whether the text of a value laid out not compact starts on a new line: a non-empty sequence or
 * a mapping with an entry. js-yaml then writes `key:` without the space before it.
 */
const startsOnNewLine = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : isMapping(v) && hasEntries(v));
