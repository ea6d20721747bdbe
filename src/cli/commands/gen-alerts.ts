/** `g6 gen-alerts`: write rules/alerts.yml and its promtool unit tests; --check writes nothing and exits 7 on drift. */
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
  severityMap?: string;
  check?: boolean;
}

export function registerGenAlerts(program: Command, ctx: CommandContext): Command {
  return program
    .command('gen-alerts')
    .description("generate Prometheus alerting rules from the spec's alerts, with promtool unit tests")
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .option('--output <file>', 'rule file to write', DEFAULT_PATHS.alerts)
    .option('--tests-dir <dir>', 'directory of the generated promtool tests', DEFAULT_PATHS.ruleTestsDir)
    .option('--recording-rules <file>', 'recording-rule file the tests load besides the alerts', DEFAULT_PATHS.recordingRules)
    .option('--severity-map <json>', 'JSON object mapping alert names or severities to the severity label (default: $G6_ALERT_SEVERITY_MAP)')
    .option('--check', 'write nothing; exit 7 listing added, removed and changed alerts')
    .action(async (opts: Options) => {
      if (!opts.check) return runGenAlerts(ctx, opts);
      // read-only: the result is memoised on every file it reads (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      return withMemo(ctx, 'gen-alerts', { paths: [opts.spec, opts.output, opts.testsDir].map((p) => resolvePath(ctx, p)), params: opts }, () => runGenAlerts(ctx, opts));
    });
}

async function runGenAlerts(ctx: CommandContext, opts: Options): Promise<void> {
  const { loadModel } = await import('../../spec/load-model');
  const { generateRuleOutputs } = await import('../../generators/rules/rule-outputs');
  const { parseSeverityMap } = await import('../../generators/rules/alerts');
  const { applyRuleArtifacts, describeRuleStatuses, hasDrift } = await import('../../rules/apply-rule-artifacts');
  const mapSource = opts.severityMap !== undefined ? '--severity-map' : ctx.io.env.G6_ALERT_SEVERITY_MAP ? 'G6_ALERT_SEVERITY_MAP' : undefined;
  const severityMap = mapSource ? parseSeverityMap(opts.severityMap ?? ctx.io.env.G6_ALERT_SEVERITY_MAP ?? '', mapSource) : {};
  const model = loadModel(resolvePath(ctx, opts.spec), { displayPath: opts.spec });
  const out = generateRuleOutputs(model, 'alerts', {
    output: opts.output,
    testsDir: opts.testsDir,
    recordingRules: opts.recordingRules,
    severityMap,
    resolve: (p) => resolvePath(ctx, p),
  });
  const mode = opts.check ? 'check' : 'write';
  const statuses = applyRuleArtifacts(out.artifacts, mode);
  ctx.io.stderr(describeRuleStatuses(statuses, mode));
  if (opts.check && hasDrift(statuses)) {
    ctx.io.stderr(`gen-alerts: alert rules or their tests drifted from the spec; run g6 gen-alerts and commit the result\n`);
    ctx.exitCode = ExitCode.ALERTS_DRIFT;
    return;
  }
  ctx.io.stderr(`gen-alerts: ${out.rules} alerts, ${out.tests} test groups; ${opts.output} ${opts.check ? 'is current' : 'up to date'} (spec_hash ${model.specHash})\n`);
}
