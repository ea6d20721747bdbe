/**
 * Inline waivers in the spec, in pint's syntax, read from YAML comments:
 *   `# g6 disable <ruleId>[, <ruleId>]`   on or directly above a metric, panel, alert or rule entry
 *   `# g6 file/disable <ruleId>[, …]`     anywhere: the whole file
 *   `# g6 snooze <YYYY-MM-DD> <ruleId>[, …]` like disable (the whole file when on no entry), until that date
 * Pure: the parsed document in, waivers and the findings they leave out.
 */
import type { Finding } from '../core/findings';
import { pointerSegment, valuePosition, type ParsedYaml } from './parse-yaml';

export interface Waiver {
  kind: 'disable' | 'file/disable' | 'snooze';
  rules: string[];
  /** Last day (YYYY-MM-DD) a snooze holds. */
  until?: string;
  file: string;
  /** Line of the comment. */
  line: number;
  /** Pointer of the entry it applies to; undefined: the whole file. */
  scope?: string;
  /** A disable that is on or above no entry applies to nothing. */
  detached?: boolean;
}

const COMMENT = /(?:^|\s)#\s*g6\s+(disable|file\/disable|snooze)\b(.*)$/;
const RULE_ID = /^[a-z][a-z0-9-]*\/[A-Za-z0-9-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Pointers of the entries a waiver can attach to, by the line each starts on. */
function entriesByLine(parsed: ParsedYaml): Map<number, string> {
  const byLine = new Map<number, string>();
  const add = (pointer: string): void => {
    const pos = valuePosition(parsed, pointer);
    if (pos && !byLine.has(pos.line)) byLine.set(pos.line, pointer);
  };
  const doc = parsed.doc as { families?: Record<string, { metrics?: unknown[] }>; recording_rules?: unknown[] } | null;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const [family, body] of Object.entries(doc?.families ?? {})) {
    list(body?.metrics).forEach((metric, i) => {
      const m = `/families/${pointerSegment(family)}/metrics/${i}`;
      add(m);
      const entry = metric as { panels?: unknown; alerts?: unknown } | null;
      list(entry?.panels).forEach((_, j) => add(`${m}/panels/${j}`));
      list(entry?.alerts).forEach((_, j) => add(`${m}/alerts/${j}`));
    });
  }
  list(doc?.recording_rules).forEach((_, i) => add(`/recording_rules/${i}`));
  return byLine;
}

/** Every waiver comment of the document, and a warning for each one that cannot be read. */
export function readWaivers(parsed: ParsedYaml): { waivers: Waiver[]; findings: Finding[] } {
  const waivers: Waiver[] = [];
  const findings: Finding[] = [];
  const lines = parsed.text.split(/\r?\n/);
  let entries: Map<number, string> | undefined;
  lines.forEach((text, index) => {
    const m = COMMENT.exec(text);
    if (!m) return;
    const line = index + 1;
    const kind = m[1] as Waiver['kind'];
    const words = m[2]!.trim().split(/[\s,]+/).filter(Boolean);
    const until = kind === 'snooze' ? words.shift() : undefined;
    const bad = (why: string): void => {
      findings.push({ ruleId: 'lint/bad-waiver', severity: 'warning', message: `waiver comment not understood: ${why}`, fix: 'write # g6 disable <ruleId>[, <ruleId>], # g6 file/disable <ruleId> or # g6 snooze <YYYY-MM-DD> <ruleId>', location: { file: parsed.file, line } });
    };
    if (kind === 'snooze' && (until === undefined || !DATE.test(until))) return bad(`"${until ?? ''}" is not a date YYYY-MM-DD`);
    if (words.length === 0) return bad('no rule id');
    const wrong = words.filter((w) => !RULE_ID.test(w));
    if (wrong.length > 0) return bad(`${wrong.map((w) => `"${w}"`).join(', ')} is not a rule id like spec/non-counter-total`);
    const waiver: Waiver = { kind, rules: words, file: parsed.file, line, ...(until ? { until } : {}) };
    if (kind !== 'file/disable') {
      entries ??= entriesByLine(parsed);
      const scope = entries.get(line) ?? entries.get(nextContentLine(lines, index));
      if (scope !== undefined) waiver.scope = scope;
      else if (kind === 'disable') waiver.detached = true;
    }
    waivers.push(waiver);
  });
  return { waivers, findings };
}

/** 1-based line of the first line after `index` that is neither blank nor only a comment. */
function nextContentLine(lines: readonly string[], index: number): number {
  for (let i = index + 1; i < lines.length; i++) if (!/^\s*(#.*)?$/.test(lines[i]!)) return i + 1;
  return -1;
}

const active = (w: Waiver, today: string): boolean => !w.detached && (w.until === undefined || w.until >= today);

function covers(w: Waiver, f: Finding): boolean {
  if (f.location?.file !== w.file || !w.rules.includes(f.ruleId)) return false;
  if (w.scope === undefined) return true;
  const p = f.location.pointer;
  return p !== undefined && (p === w.scope || p.startsWith(`${w.scope}/`));
}

/**
 * Leave out the findings an active waiver covers. `used` collects `<line>:<ruleId>` of every
 * waiver rule that covered something, for {@link waiverFindings}.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], today: string, used: Set<string>): Finding[] {
  if (waivers.length === 0) return [...findings];
  return findings.filter((f) => {
    const w = waivers.find((x) => active(x, today) && covers(x, f));
    if (!w) return true;
    used.add(`${w.line}:${f.ruleId}`);
    return false;
  });
}

/**
 * Info findings about the waivers themselves, for rules in the areas `judged` accepts: a waiver
 * rule that covered nothing (`lint/unused-waiver`, so stale waivers don't pile up) and a snooze
 * past its date (`lint/expired-snooze`).
 */
export function waiverFindings(waivers: readonly Waiver[], used: ReadonlySet<string>, today: string, judged: (ruleId: string) => boolean): Finding[] {
  const out: Finding[] = [];
  for (const w of waivers) {
    const location = { file: w.file, line: w.line };
    if (w.until !== undefined && w.until < today) {
      out.push({ ruleId: 'lint/expired-snooze', severity: 'info', message: `snooze of ${w.rules.join(', ')} ended on ${w.until}; the findings are reported again`, fix: 'fix the findings, or move the date', location });
      continue;
    }
    for (const rule of w.rules) {
      if (!judged(rule) || used.has(`${w.line}:${rule}`)) continue;
      const why = w.detached ? 'it is not on or directly above a metric, panel, alert or rule entry' : 'nothing it covers has that finding';
      out.push({ ruleId: 'lint/unused-waiver', severity: 'info', message: `waiver of ${rule} is unused: ${why}`, fix: 'remove the waiver, or move it onto the entry it is meant for', location });
    }
  }
  return out;
}
