/** `g6 parity-snapshot`: score a candidate snapshot summary against a baseline; JSON on stdout or --output. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { resolvePath } from '../options';
import { nowIso, parseIntOption, parseWeightsOption } from './parity-options';

interface Options {
  baseline: string;
  candidate: string;
  weights?: string;
  alertWeights?: string;
  rollingWindow?: string;
  state?: string;
  pretty?: boolean;
  versionOnly?: boolean;
  output?: string;
}

export function registerParitySnapshot(program: Command, ctx: CommandContext): Command {
  return program
    .command('parity-snapshot')
    .description('score a candidate snapshot summary against a baseline (JSON: generated_at, parity, rolling, alerts)')
    .requiredOption('--baseline <file>', 'baseline snapshot summary JSON')
    .requiredOption('--candidate <file>', 'candidate snapshot summary JSON')
    .option('--weights <comp:w,...>', 'component weights (unlisted components weigh 1; renormalised over present components)')
    .option('--alert-weights <cat:w,...>', 'alert category weights for the alerts component (unlisted categories weigh 1)')
    .option('--rolling-window <n>', 'average the last N scores (needs --state)')
    .option('--state <file>', 'rolling state file, updated atomically on every run (needs --rolling-window)')
    .option('--pretty', 'indent the JSON')
    .option('--version-only', 'print only {generated_at, schema_version, score}')
    .option('--output <file>', 'write the JSON to this file (atomically) instead of stdout')
    .action(async (opts: Options) => {
      const [{ COMPONENT_NAMES }, { loadSnapshotSummary }, { scoreParity }, rolling, report] = await Promise.all([
        import('../../parity/components'),
        import('../../parity/load-snapshot'),
        import('../../parity/score'),
        import('../../parity/rolling'),
        import('../../parity/report'),
      ]);
      const weights = opts.weights === undefined ? undefined : parseWeightsOption('--weights', opts.weights, COMPONENT_NAMES);
      const alertWeights = opts.alertWeights === undefined ? undefined : parseWeightsOption('--alert-weights', opts.alertWeights);
      const window = opts.rollingWindow === undefined ? undefined : parseIntOption('--rolling-window', opts.rollingWindow, 1);
      if ((window === undefined) !== (opts.state === undefined)) {
        throw new UsageError('--rolling-window N and --state FILE go together: the state file keeps the last N scores across runs');
      }
      const generatedAt = nowIso(ctx);
      const baseline = loadSnapshotSummary(resolvePath(ctx, opts.baseline), opts.baseline);
      const candidate = loadSnapshotSummary(resolvePath(ctx, opts.candidate), opts.candidate);
      const parity = scoreParity(baseline, candidate, { weights, alertWeights });

      let summary = { window: 1, avg: parity.score, count: 1 };
      let saveState = (): void => undefined;
      if (window !== undefined && opts.state !== undefined) {
        const stateFile = resolvePath(ctx, opts.state);
        const next = rolling.pushRollingScore(rolling.loadRollingState(stateFile), parity.score, window);
        saveState = () => rolling.saveRollingState(stateFile, next.state);
        summary = next.summary;
      }
      const doc = opts.versionOnly
        ? report.buildParityVersionReport(generatedAt, parity)
        : report.buildParitySnapshotReport(generatedAt, baseline, candidate, parity, summary);
      const text = `${JSON.stringify(doc, null, opts.pretty ? 2 : undefined)}\n`;
      if (opts.output !== undefined) {
        const { writeFileAtomic } = await import('../../output/write-file');
        writeFileAtomic(resolvePath(ctx, opts.output), text);
      } else {
        ctx.io.stdout(text);
      }
      // the window advances only once the report it belongs to has been delivered
      saveState();
      ctx.exitCode = ExitCode.OK;
    });
}
