/** Option parsing shared by the parity and gate commands: weights, integers, numbers, the clock. */
import { UsageError } from '../../core/errors';
import { parseWeights, WeightsFormatError, type WeightMap } from '../../parity/weights';
import type { CommandContext } from '../io';

/** Parse a `comp:w,...` option with the one weights parser; a bad value is a usage error (exit 2). */
export function parseWeightsOption(flag: string, text: string, known?: readonly string[]): WeightMap {
  try {
    return parseWeights(text, known);
  } catch (err) {
    if (err instanceof WeightsFormatError) throw new UsageError(`${flag}: ${err.message}`);
    throw err;
  }
}

/**
 * An integer option >= `min`: ASCII digits only (surrounding whitespace ignored, leading zeros
 * allowed; no sign, decimal point, exponent or hex) within the safe-integer range. Anything else is a
 * {@link UsageError} (exit 2) naming `flag`.
 */
export function parseIntOption(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} must be an integer >= ${min}, got "${text}"`);
  }
  return n;
}

/** A finite number option within [min, max]. */
export function parseNumberOption(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a number in [${min}, ${max}], got "${text}"`);
  }
  return n;
}

/**
 * The current time as ISO 8601 UTC. Honours SOURCE_DATE_EPOCH (seconds since the epoch, the
 * reproducible-builds convention) so tests and reproducible pipelines get a fixed timestamp.
 */
export function nowIso(ctx: CommandContext): string {
  const epoch = ctx.io.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`);
    return new Date(Number(epoch) * 1000).toISOString();
  }
  return new Date().toISOString();
}
