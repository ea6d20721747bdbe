/**
 * The one `comp:w` weights format, read by `parity-snapshot --weights`, `--alert-weights` and
 * `g6 run`, and written by `parity-weights`. Parse and format are inverses.
 */

/** A weight per name; every value is finite and >= 0. */
export type WeightMap = Record<string, number>;

/** The text is not a valid `comp:w[,comp:w...]` list; `message` says which fragment and why. */
export class WeightsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsFormatError';
  }
}

const NAME = /^[a-z][a-z0-9_]*$/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parse `name:weight` pairs separated by commas (whitespace around items is ignored). Names are
 * lower_snake_case; weights are non-negative decimal numbers. When `known` is given, names outside it
 * are rejected. A name given twice is an error. Pure; throws {@link WeightsFormatError}.
 */
export function parseWeights(text: string, known?: readonly string[]): WeightMap {
  const out: WeightMap = {};
  const trimmed = text.trim();
  if (trimmed === '') throw new WeightsFormatError('weights are empty; expected name:weight[,name:weight...]');
  for (const raw of trimmed.split(',')) {
    const item = raw.trim();
    const colon = item.indexOf(':');
    if (colon < 0) throw new WeightsFormatError(`"${item}" has no ":"; expected name:weight, e.g. alerts:0.3`);
    const name = item.slice(0, colon).trim();
    const value = item.slice(colon + 1).trim();
    if (!NAME.test(name)) throw new WeightsFormatError(`"${name}" is not a valid name (lower_snake_case) in "${item}"`);
    if (known && !known.includes(name)) {
      throw new WeightsFormatError(`unknown component "${name}"; expected one of ${known.join(', ')}`);
    }
    if (!NUMBER.test(value)) throw new WeightsFormatError(`weight "${value}" of "${name}" is not a non-negative number`);
    if (Object.prototype.hasOwnProperty.call(out, name)) throw new WeightsFormatError(`"${name}" is given twice`);
    const weight = Number(value);
    if (!Number.isFinite(weight)) throw new WeightsFormatError(`weight "${value}" of "${name}" is not finite`);
    out[name] = weight;
  }
  return out;
}

/** {@link parseWeights}, except that blank text (empty or whitespace) means "no weights": undefined. */
export function parseOptionalWeights(text: string, known?: readonly string[]): WeightMap | undefined {
  return text.trim() === '' ? undefined : parseWeights(text, known);
}

/**
 * Render weights as `name:weight,...` in the order of `order` (names not in `order` follow, sorted).
 * Numbers use the shortest round-tripping decimal form, so `parseWeights(formatWeights(w))` equals `w`.
 */
export function formatWeights(weights: WeightMap, order: readonly string[] = []): string {
  const names = [
    ...order.filter((n) => Object.prototype.hasOwnProperty.call(weights, n)),
    ...Object.keys(weights)
      .filter((n) => !order.includes(n))
      .sort(),
  ];
  return names.map((n) => `${n}:${decimal(weights[n]!)}`).join(',');
}

function decimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // tiny or huge weights: fixed notation keeps the format simple for shells and humans
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
