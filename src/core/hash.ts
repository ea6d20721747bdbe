/** Hashing and canonical JSON: the only way g6 fingerprints content. */
import { createHash } from 'node:crypto';
import stableStringify from 'json-stable-stringify';

/** Compact JSON with recursively sorted keys; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  const text = stableStringify(value);
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
