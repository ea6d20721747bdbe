/** The text report for people: findings with place and fix, files written, the summary; pipelines one line per step. */
import type { Finding } from '../core/findings';
import { diffsOf, type Rendered, type RenderOptions, type Report } from './report';

interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
}

const plain = (s: string): string => s;
const PLAIN: Palette = { red: plain, yellow: plain, cyan: plain, dim: plain };

function chalkPalette(): Palette {
  // chalk is only loaded when colour is wanted
  const chalk = require('chalk') as typeof import('chalk');
  const c = new chalk.Instance({ level: 1 });
  return { red: c.red, yellow: c.yellow, cyan: c.cyan, dim: c.dim };
}

/** The palette, chosen when it first paints: `color` is asked only if there is something to colour. */
function palette(color: () => boolean): Palette {
  let chosen: Palette | undefined;
  const pick = (): Palette => (chosen ??= color() ? chalkPalette() : PLAIN);
  return { red: (s) => pick().red(s), yellow: (s) => pick().yellow(s), cyan: (s) => pick().cyan(s), dim: (s) => pick().dim(s) };
}

function findingLines(findings: readonly Finding[], paint: Palette): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    const l = f.location;
    const where = l ? [l.file, l.line, l.column].filter((x) => x !== undefined).join(':') : '';
    const pointer = l?.pointer ? ` ${paint.dim(l.pointer)}` : '';
    const sev = f.severity === 'error' ? paint.red('error') : f.severity === 'warning' ? paint.yellow('warning') : paint.cyan('info');
    lines.push(`${where}${pointer}${where || pointer ? ': ' : ''}${sev} ${f.message} ${paint.dim(`[${f.ruleId}]`)}`);
    if (f.fix) lines.push(`  fix: ${f.fix}`);
  }
  return lines;
}

/** A single step's body: findings, written files, summary. */
function stepLines(report: Report, paint: Palette): string[] {
  return [...findingLines(report.findings, paint), ...(report.written ?? []).map((p) => `written: ${p}`), ...report.summary.split('\n')];
}

export function renderText(report: Report, options: RenderOptions): Rendered {
  const paint = palette(options.color);
  const stdout = [options.stdout ?? '', options.diff ? diffsOf(report).join('') : ''].join('');
  if (!report.steps) return { stdout, stderr: `${stepLines(report, paint).join('\n')}\n` };
  const lines: string[] = [];
  for (const s of report.steps) {
    const written = s.written?.length ? ` (${s.written.length} file(s) written)` : '';
    if (s.skipped) lines.push(`${paint.dim('skip')} ${s.tool}: ${s.skipped}`);
    else if (s.ok) lines.push(`ok   ${s.tool}${written}`);
    else {
      lines.push(`${paint.red('FAIL')} ${s.tool} (exit ${s.exitCode})`);
      lines.push(...stepLines(s, paint).map((l) => `     ${l}`));
    }
  }
  lines.push(report.summary);
  return { stdout, stderr: `${lines.join('\n')}\n` };
}
