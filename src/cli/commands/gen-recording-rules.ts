/** `g6 gen-recording-rules`: write rules/recording_rules.yml; --check compares parsed rules, writes nothing, exits 8 on drift. */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { resolvePath } from '../options';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Options {
  spec: string;
  output: string;
  existing?: string[];
  check?: boolean;
}

export function registerGenRecordingRules(program: Command, ctx: CommandContext): Command {
  return program
    .command('gen-recording-rules')
    .description('generate Prometheus recording rules from the spec (rates, quantiles, ratios, top5, declared derived rules)')
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .option('--output <file>', 'rule file to write', DEFAULT_PATHS.recordingRules)
    .option('--existing <files...>', 'rule files whose records already exist; those names are skipped and reported')
    .option('--check', 'write nothing; exit 8 listing added, removed and changed records')
    .action(async (opts: Options) => {
      if (!opts.check) return runGenRecordingRules(ctx, opts);
      // read-only: the result is memoised on every file it reads (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      return withMemo(ctx, 'gen-recording-rules', { paths: [opts.spec, opts.output, ...(opts.existing ?? [])].map((p) => resolvePath(ctx, p)), params: opts }, () => runGenRecordingRules(ctx, opts));
    });
}

async function runGenRecordingRules(ctx: CommandContext, opts: Options): Promise<void> {
  const { loadModel } = await import('../../spec/load-model');
  const { generateRecordingRules, renderRecordingRules } = await import('../../generators/rules/recording-rules');
  const { loadRuleFile, recordNames } = await import('../../rules/rule-file');
  const { applyRuleArtifacts, describeRuleStatuses, hasDrift } = await import('../../rules/apply-rule-artifacts');
  const model = loadModel(resolvePath(ctx, opts.spec), { displayPath: opts.spec });
  const existing = recordNames((opts.existing ?? []).map((f) => loadRuleFile(resolvePath(ctx, f), f)));
  const result = generateRecordingRules(model, { existing });
  const artifact = renderRecordingRules(model, result, opts.output);
  for (const s of result.skipped) {
    ctx.io.stderr(`skipped: ${s.record} (${s.reason === 'existing' ? 'already defined in an --existing file' : 'duplicate record'})\n`);
  }
  const mode = opts.check ? 'check' : 'write';
  const statuses = applyRuleArtifacts([{ file: resolvePath(ctx, opts.output), display: opts.output, content: artifact.content, kind: 'rules' }], mode);
  ctx.io.stderr(describeRuleStatuses(statuses, mode));
  if (opts.check && hasDrift(statuses)) {
    ctx.io.stderr(`gen-recording-rules: ${opts.output} drifted from the spec; run g6 gen-recording-rules and commit the result\n`);
    ctx.exitCode = ExitCode.RECORDING_RULES_DRIFT;
    return;
  }
  ctx.io.stderr(
    `gen-recording-rules: ${result.count} records in ${result.file.groups.length} groups${result.skipped.length ? `, ${result.skipped.length} skipped` : ''}; ${opts.output} ${opts.check ? 'is current' : 'up to date'} (spec_hash ${model.specHash})\n`,
  );
}
