/** "Did you mean" suggestions for misspelt names: the nearest candidate by edit distance. */

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * adjacent characters each cost 1. Pure; case-sensitive.
 */
export function editDistance(a: string, b: string): number {
  // d[i][j] = distance between the first i characters of a and the first j of b
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The candidate nearest to `name`, when it is close enough to be a likely typo: at most 2 edits,
 * or a quarter of the name's length for longer names. Ties go to the alphabetically first candidate.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const c of [...candidates].sort()) {
    // the distance is at least the difference in length: skip the table for names that far apart
    if (Math.abs(c.length - name.length) > limit) continue;
    const distance = editDistance(name, c);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: c, distance };
  }
  return best?.name;
}
