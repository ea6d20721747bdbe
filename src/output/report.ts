/**
 * Reports: the one shape every step, `generate`, `verify` and `ci-gate` report through. Its
 * renderers are one file per format; src/output/render-report.ts picks one.
 */
import type { Finding, Severity } from '../core/findings';
import { countBySeverity, sortFindings } from '../core/findings';

export const REPORT_FORMATS = ['text', 'json', 'github', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The JSON report (`src/output/report.schema.json` describes it). A pipeline (`verify`,
 * `generate`) carries one report per step in `steps`; its findings are all of theirs.
 */
export interface Report {
  tool: string;
  ok: boolean;
  exitCode: number;
  counts: Record<Severity, number>;
  stats: Record<string, unknown>;
  findings: Finding[];
  /** `write` or `check`, for steps that have both. */
  mode?: 'write' | 'check';
  /** Files written (write mode). */
  written?: string[];
  /** One or more lines for people. */
  summary: string;
  /** Why the step was not run. */
  skipped?: string;
  steps?: Report[];
}

export interface Rendered {
  stdout: string;
  stderr: string;
}

export interface RenderOptions {
  /** Whether to colour the text format (false when NO_COLOR is set or stderr is not a TTY); asked only when there is something to colour. */
  color: () => boolean;
  /** Print what would change (the `diff` of drift findings) on stdout in the text format. */
  diff?: boolean;
  /** Extra text for stdout in the text format (plan summaries, lists). */
  stdout?: string;
}

/** A report from its parts: findings sorted, counts taken from them. */
export function buildReport(parts: Omit<Report, 'counts' | 'findings' | 'ok'> & { findings: readonly Finding[] }): Report {
  const { tool, exitCode, stats, findings: unsorted, ...rest } = parts;
  const findings = sortFindings(unsorted);
  return { tool, ok: exitCode === 0, exitCode, counts: countBySeverity(findings), stats, findings, ...rest };
}

/** A pipeline's report: every step's, with all their findings and summed counts. */
export function buildPipelineReport(tool: string, exitCode: number, summary: string, steps: Report[]): Report {
  return { ...buildReport({ tool, exitCode, summary, stats: { steps: steps.length, failed: steps.filter((s) => !s.ok).length, skipped: steps.filter((s) => s.skipped).length }, findings: steps.flatMap((s) => s.findings) }), steps };
}

/** Whether text output should be coloured: never with NO_COLOR (any value) or on a non-TTY. Asks `isTty` only when the environment does not decide. */
export function wantsColor(env: NodeJS.ProcessEnv, isTty: () => boolean): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTty();
}

/** Every finding's diff (check modes with --diff), in finding order. */
export function diffsOf(report: Report): string[] {
  return report.findings.map((f) => f.context?.diff).filter((d): d is string => typeof d === 'string');
}
