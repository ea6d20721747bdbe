/**
 * The spec hash: first 16 hex digits of SHA-256 over the canonical JSON of the parsed spec
 * (keys sorted recursively, no whitespace). Comments, key order, quoting styles and CRLF vs LF
 * line endings therefore do not change it; any change of content does.
 */
import { contentHash16 } from '../core/hash';

export function specHash(doc: unknown): string {
  return contentHash16(doc);
}
