/** `g6 gen-alert-suggestions`: write rules/alert_suggestions.yml and its promtool tests; --check exits 9 on drift. */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { resolvePath } from '../options';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Options {
  spec: string;
  output: string;
  testsDir: string;
  recordingRules: string;
  check?: boolean;
}

export function registerGenAlertSuggestions(program: Command, ctx: CommandContext): Command {
  return program
    .command('gen-alert-suggestions')
    .description('generate spec-driven alert suggestions (p95 regression, success ratio, backlog ETA and stall) with promtool tests')
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .option('--output <file>', 'rule file to write', DEFAULT_PATHS.alertSuggestions)
    .option('--tests-dir <dir>', 'directory of the generated promtool tests', DEFAULT_PATHS.ruleTestsDir)
    .option('--recording-rules <file>', 'recording-rule file the tests load besides the suggestions', DEFAULT_PATHS.recordingRules)
    .option('--check', 'write nothing; exit 9 listing added, removed and changed alerts')
    .action(async (opts: Options) => {
      if (!opts.check) return runGenAlertSuggestions(ctx, opts);
      // read-only: the result is memoised on every file it reads (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      return withMemo(ctx, 'gen-alert-suggestions', { paths: [opts.spec, opts.output, opts.testsDir].map((p) => resolvePath(ctx, p)), params: opts }, () => runGenAlertSuggestions(ctx, opts));
    });
}

async function runGenAlertSuggestions(ctx: CommandContext, opts: Options): Promise<void> {
  const { loadModel } = await import('../../spec/load-model');
  const { generateRuleOutputs } = await import('../../generators/rules/rule-outputs');
  const { applyRuleArtifacts, describeRuleStatuses, hasDrift } = await import('../../rules/apply-rule-artifacts');
  const model = loadModel(resolvePath(ctx, opts.spec), { displayPath: opts.spec });
  const out = generateRuleOutputs(model, 'suggestions', {
    output: opts.output,
    testsDir: opts.testsDir,
    recordingRules: opts.recordingRules,
    resolve: (p) => resolvePath(ctx, p),
  });
  const mode = opts.check ? 'check' : 'write';
  const statuses = applyRuleArtifacts(out.artifacts, mode);
  ctx.io.stderr(describeRuleStatuses(statuses, mode));
  if (opts.check && hasDrift(statuses)) {
    ctx.io.stderr(`gen-alert-suggestions: suggestions or their tests drifted from the spec; run g6 gen-alert-suggestions and commit the result\n`);
    ctx.exitCode = ExitCode.SUGGESTIONS_DRIFT;
    return;
  }
  ctx.io.stderr(`gen-alert-suggestions: ${out.rules} alerts, ${out.tests} test groups; ${opts.output} ${opts.check ? 'is current' : 'up to date'} (spec_hash ${model.specHash})\n`);
}
