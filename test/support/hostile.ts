/** Hostile YAML documents shared by the limit tests and the fuzz suite. */

/** `a0` holds `width` strings; each next anchor holds `width` aliases of the one before: `width^(levels+1)` nodes expanded. */
export function billionLaughs(levels: number, width: number): string {
  const lines = [`a0: &a0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Each mapping merges the one before (`<<`) and holds `width` more aliases of it. */
export function mergeBomb(levels: number, width: number): string {
  const lines = [`m0: &m0 {${Array.from({ length: width }, (_, j) => `k${j}: 1`).join(', ')}}`];
  for (let i = 1; i <= levels; i++) lines.push(`m${i}: &m${i} {<<: *m${i - 1}, ${Array.from({ length: width }, (_, j) => `x${j}: *m${i - 1}`).join(', ')}}`);
  return `${lines.join('\n')}\n`;
}
