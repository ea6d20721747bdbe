/** `g6 gen-rules-catalog`: write docs/RULES_CATALOG.md from the rule files; --check writes nothing and exits 8 when stale. */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { displayPath, resolvePath } from '../options';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Options {
  rules: string[];
  output: string;
  check?: boolean;
}

export function registerGenRulesCatalog(program: Command, ctx: CommandContext): Command {
  return program
    .command('gen-rules-catalog')
    .description('generate the markdown catalog of the Prometheus rule files (group, record/alert, expression, for, severity)')
    .option('--rules <files...>', 'rule files to list, in order', [DEFAULT_PATHS.recordingRules, DEFAULT_PATHS.alerts, DEFAULT_PATHS.alertSuggestions])
    .option('--output <file>', 'catalog to write', DEFAULT_PATHS.rulesCatalog)
    .option('--check', 'write nothing; exit 8 when the catalog is stale or missing')
    .action(async (opts: Options) => {
      if (!opts.check) return runGenRulesCatalog(ctx, opts);
      // read-only: the result is memoised on every file it reads (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      return withMemo(ctx, 'gen-rules-catalog', { paths: [...opts.rules, opts.output].map((p) => resolvePath(ctx, p)), params: opts }, () => runGenRulesCatalog(ctx, opts));
    });
}

async function runGenRulesCatalog(ctx: CommandContext, opts: Options): Promise<void> {
  const { loadRuleFile } = await import('../../rules/rule-file');
  const { generateRulesCatalog } = await import('../../generators/rules/rules-catalog');
  const { applyRuleArtifacts, describeRuleStatuses, hasDrift } = await import('../../rules/apply-rule-artifacts');
  const files = opts.rules.map((f) => ({ path: displayPath(ctx, f), file: loadRuleFile(resolvePath(ctx, f), f) }));
  const artifact = generateRulesCatalog(files, opts.output);
  const mode = opts.check ? 'check' : 'write';
  const statuses = applyRuleArtifacts([{ file: resolvePath(ctx, opts.output), display: opts.output, content: artifact.content, kind: 'text' }], mode);
  ctx.io.stderr(describeRuleStatuses(statuses, mode));
  if (opts.check && hasDrift(statuses)) {
    ctx.io.stderr(`gen-rules-catalog: ${opts.output} is out of date; run g6 gen-rules-catalog and commit the result\n`);
    ctx.exitCode = ExitCode.RECORDING_RULES_DRIFT;
    return;
  }
  ctx.io.stderr(`gen-rules-catalog: ${files.length} rule files; ${opts.output} ${opts.check ? 'is current' : 'up to date'}\n`);
}
