/**
 * Reporters: render findings as text (people, stderr), JSON (machines, stdout) or GitHub
 * workflow annotations (CI, stdout). Pure: they return text; src/cli prints it.
 */
import type { Finding } from '../core/findings';
import { countBySeverity, sortFindings } from '../core/findings';

export const REPORT_FORMATS = ['text', 'json', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface Rendered {
  stdout: string;
  stderr: string;
}

export interface ReportOptions {
  /** Command name, e.g. `validate-spec`. */
  tool: string;
  /** Colour the text format (callers pass false when NO_COLOR is set or stderr is not a TTY). */
  color: boolean;
  /** Extra top-level members of the JSON report (counts, summaries). */
  extra?: Record<string, unknown>;
  /** One-line summary printed after the text findings. */
  summary?: string;
}

/** Render findings in `format`. JSON: `{tool, ok, counts, findings, ...extra}` on stdout. */
export function renderFindings(findings: readonly Finding[], format: ReportFormat, options: ReportOptions): Rendered {
  const sorted = sortFindings(findings);
  const counts = countBySeverity(sorted);
  switch (format) {
    case 'json':
      return {
        stdout: `${JSON.stringify({ tool: options.tool, ok: counts.error === 0, counts, ...options.extra, findings: sorted }, null, 2)}\n`,
        stderr: '',
      };
    case 'github':
      return { stdout: sorted.map(githubAnnotation).join(''), stderr: options.summary ? `${options.summary}\n` : '' };
    case 'text':
      return { stdout: '', stderr: renderText(sorted, options) };
  }
}

function renderText(findings: readonly Finding[], options: ReportOptions): string {
  const paint = palette(options.color);
  const lines: string[] = [];
  for (const f of findings) {
    const l = f.location;
    const where = l ? [l.file, l.line, l.column].filter((x) => x !== undefined).join(':') : '';
    const pointer = l?.pointer ? ` ${paint.dim(l.pointer)}` : '';
    const sev = f.severity === 'error' ? paint.red('error') : f.severity === 'warning' ? paint.yellow('warning') : paint.cyan('info');
    lines.push(`${where}${pointer}: ${sev} ${f.message} ${paint.dim(`[${f.ruleId}]`)}`);
    if (f.fix) lines.push(`  fix: ${f.fix}`);
  }
  if (options.summary) lines.push(options.summary);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
}

function palette(color: boolean): Palette {
  if (!color) {
    const id = (s: string): string => s;
    return { red: id, yellow: id, cyan: id, dim: id };
  }
  // chalk is only loaded when colour is wanted
  const chalk = require('chalk') as typeof import('chalk');
  const c = new chalk.Instance({ level: 1 });
  return { red: c.red, yellow: c.yellow, cyan: c.cyan, dim: c.dim };
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One `::error file=…,line=…,col=…,title=…::message` workflow command. */
export function githubAnnotation(f: Finding): string {
  const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (f.location?.file) props.push(`file=${escapeProperty(f.location.file)}`);
  if (f.location?.line) props.push(`line=${f.location.line}`);
  if (f.location?.column) props.push(`col=${f.location.column}`);
  props.push(`title=${escapeProperty(f.ruleId)}`);
  const text = f.fix ? `${f.message}; fix: ${f.fix}` : f.message;
  return `::${level} ${props.join(',')}::${escapeData(text)}\n`;
}

/** Whether text output should be coloured: never with NO_COLOR (any value) or on a non-TTY. */
export function wantsColor(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTty;
}
