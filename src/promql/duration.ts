/** PromQL durations: their length in milliseconds, one canonical spelling, and their order. */

const DURATION_UNITS: Array<[string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Milliseconds of a PromQL duration (`5m`, `1h30m`, `300` seconds); undefined when not a duration. */
export function durationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const re = /(\d+)(ms|y|w|d|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    if (m.index !== consumed) return undefined;
    const unit = DURATION_UNITS.find(([u]) => u === m![2]);
    if (!unit) return undefined;
    total += Number(m[1]) * unit[1];
    consumed = re.lastIndex;
  }
  return consumed === t.length && consumed > 0 ? total : undefined;
}

/** Canonical spelling of a duration (`300s` → `5m`, `90m` → `1h30m`); other text is returned trimmed. */
export function canonicalDuration(text: string): string {
  const ms = durationMs(text);
  if (ms === undefined) return text.trim();
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    if (unit === 'y' || unit === 'w') continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Order of durations by length, then by text (non-durations count as zero). */
export function compareDurations(a: string, b: string): number {
  return (durationMs(a) ?? 0) - (durationMs(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
}
