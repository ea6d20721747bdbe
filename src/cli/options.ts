/** Option parsing shared by commands: --format, paths relative to the working directory, reporting. */
import { isAbsolute, relative, resolve } from 'node:path';
import { Option } from 'commander';
import type { Finding } from '../core/findings';
import { REPORT_FORMATS, renderFindings, wantsColor, type ReportFormat, type ReportOptions } from '../output/report';
import type { CommandContext } from './io';

/** The `--format text|json|github` option every checking command takes. */
export function formatOption(): Option {
  return new Option('--format <format>', 'findings format').choices(REPORT_FORMATS).default('text');
}

/** Absolute path of a user-given path, relative to the command's working directory. */
export function resolvePath(ctx: CommandContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.io.cwd, path);
}

/**
 * How a generated file names a user-given input path: relative to the working directory, with
 * forward slashes and no `./` or doubled separators, so `./spec/x.yml`, `spec//x.yml` and the
 * absolute path all give `spec/x.yml` (never an absolute path in committed output).
 */
export function displayPath(ctx: CommandContext, path: string): string {
  return relative(ctx.io.cwd, resolvePath(ctx, path)).split('\\').join('/') || '.';
}

/** Render findings in the chosen format and print them through the context. */
export function printFindings(
  ctx: CommandContext,
  findings: readonly Finding[],
  format: ReportFormat,
  options: Omit<ReportOptions, 'color'>,
): void {
  const out = renderFindings(findings, format, { ...options, color: wantsColor(ctx.io.env, ctx.io.stderrIsTty) });
  if (out.stdout) ctx.io.stdout(out.stdout);
  if (out.stderr) ctx.io.stderr(out.stderr);
}
