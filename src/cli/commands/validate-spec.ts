/** `g6 validate-spec`: schema-check and lint the metric spec; errors exit 3, warnings too with --strict. */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { formatOption, printFindings, resolvePath } from '../options';
import type { ReportFormat } from '../../output/report';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Options {
  spec: string;
  strict?: boolean;
  format: ReportFormat;
}

export function registerValidateSpec(program: Command, ctx: CommandContext): Command {
  return program
    .command('validate-spec')
    .description('check the metric spec against its schema and lint rules (every problem, located)')
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .option('--strict', 'treat warnings as errors')
    .addOption(formatOption())
    .action(async (opts: Options) => {
      // read-only: the result is memoised on the spec's content (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      await withMemo(ctx, 'validate-spec', { paths: [resolvePath(ctx, opts.spec)], params: opts }, () => validateSpec(ctx, opts));
    });
}

async function validateSpec(ctx: CommandContext, opts: Options): Promise<void> {
  const { checkSpecFile } = await import('../../spec/load-model');
  const { YamlSyntaxError } = await import('../../spec/parse-yaml');
  const format = opts.format;
  let check;
  try {
    check = checkSpecFile(resolvePath(ctx, opts.spec), { promql: true, displayPath: opts.spec });
  } catch (err) {
    if (!(err instanceof YamlSyntaxError)) throw err;
    const { file, line, column, reason } = err.where;
    const finding = { ruleId: 'spec/yaml-syntax', severity: 'error' as const, message: `invalid YAML: ${reason}`, fix: 'fix the syntax at that position', location: { file, line, column } };
    printFindings(ctx, [finding], format, { tool: 'validate-spec', summary: `validate-spec: ${opts.spec}: YAML syntax error`, extra: { spec: opts.spec } });
    ctx.exitCode = ExitCode.INVALID_INPUT;
    return;
  }
  const errors = check.findings.filter((f) => f.severity === 'error').length;
  const warnings = check.findings.filter((f) => f.severity === 'warning').length;
  const failed = errors > 0 || (opts.strict === true && warnings > 0);
  const summary = `validate-spec: ${opts.spec}: ${check.model.metrics.length} metrics, ${errors} error(s), ${warnings} warning(s)${failed ? '' : ' — OK'} (spec_hash ${check.model.specHash})`;
  printFindings(ctx, check.findings, format, {
    tool: 'validate-spec',
    summary,
    extra: { spec: opts.spec, spec_hash: check.model.specHash, metrics: check.model.metrics.length, strict: opts.strict === true },
  });
  ctx.exitCode = failed ? ExitCode.INVALID_INPUT : ExitCode.OK;
}
