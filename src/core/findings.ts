/** The one shape every check returns; reporters render it, src/cli decides the exit code. */

export type Severity = 'error' | 'warning' | 'info';

export interface Location {
  /** Path as given by the user (relative paths stay relative). */
  file?: string;
  /** 1-based line and column, when known. */
  line?: number;
  column?: number;
  /** JSON pointer into the parsed document, e.g. /families/bus/metrics/3/buckets. */
  pointer?: string;
}

export interface Finding {
  /** Stable id `<area>/<rule>`, e.g. `spec/bucket-order` or `quantiles/inline-recorded`. */
  ruleId: string;
  severity: Severity;
  /** One sentence: what is wrong. */
  message: string;
  /** What to do about it. */
  fix?: string;
  location?: Location;
  /** Extra machine-readable detail for --format json. */
  context?: Record<string, unknown>;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity] += 1;
  return out;
}

/** Sort by file, line, column, pointer, ruleId, message: the order every reporter prints. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding): [string, number, number, string, string, string] => [
    f.location?.file ?? '',
    f.location?.line ?? 0,
    f.location?.column ?? 0,
    f.location?.pointer ?? '',
    f.ruleId,
    f.message,
  ];
  return [...findings].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
}

/** `file:line:col /pointer`, the parts that are known. */
export function formatLocation(f: Finding): string {
  const l = f.location;
  if (!l) return '';
  const where = [l.file, l.line, l.column].filter((x) => x !== undefined && x !== '').join(':');
  return l.pointer !== undefined && l.pointer !== '' ? `${where} ${l.pointer}` : where;
}

/** One line for a message: `file:line:col /pointer: message; fix: …`. */
export function formatFinding(f: Finding): string {
  const where = formatLocation(f);
  return `${where ? `${where}: ` : ''}${f.message}${f.fix ? `; fix: ${f.fix}` : ''}`;
}

/** A lint level: a severity, or `off` to drop the finding. */
export type LintLevel = Severity | 'off';

/** Findings with the level set per rule id applied: `off` drops a finding, a severity replaces its own. */
export function applyLevels(findings: readonly Finding[], levels: Readonly<Record<string, LintLevel>>): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const level = levels[f.ruleId];
    if (level === undefined || level === f.severity) out.push(f);
    else if (level !== 'off') out.push({ ...f, severity: level });
  }
  return out;
}
