/** `g6 gen-metrics`: write generated/metrics.ts and METRICS_CATALOG.md; --check writes nothing and exits 5 on drift. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { displayPath, resolvePath } from '../options';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Options {
  spec: string;
  out: string;
  check?: boolean;
}

export function registerGenMetrics(program: Command, ctx: CommandContext): Command {
  return program
    .command('gen-metrics')
    .description('generate typed metric accessors and the metrics catalog from the spec')
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .option('--out <dir>', 'output directory', DEFAULT_PATHS.generatedDir)
    .option('--check', 'write nothing; exit 5 listing stale or missing files')
    .action(async (opts: Options) => {
      if (!opts.check) return genMetrics(ctx, opts);
      // --check is read-only: memoised on the spec and the generated files (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      const { METRICS_MODULE, METRICS_CATALOG } = await import('../../generators/metrics/generate-metrics');
      const out = resolvePath(ctx, opts.out);
      const paths = [resolvePath(ctx, opts.spec), join(out, METRICS_MODULE), join(out, METRICS_CATALOG)];
      return withMemo(ctx, 'gen-metrics', { paths, params: opts }, () => genMetrics(ctx, opts));
    });
}

async function genMetrics(ctx: CommandContext, opts: Options): Promise<void> {
  const { loadModel } = await import('../../spec/load-model');
  const { generateMetrics } = await import('../../generators/metrics/generate-metrics');
  const { applyArtifacts } = await import('../../output/artifacts');
  // the catalog names the spec: spell it the same however the user did
  const model = loadModel(resolvePath(ctx, opts.spec), { displayPath: displayPath(ctx, opts.spec) });
  const statuses = applyArtifacts(generateMetrics(model), resolvePath(ctx, opts.out), opts.check ? 'check' : 'write');
  const stale = statuses.filter((s) => s.state === 'stale' || s.state === 'missing');
  for (const s of statuses) {
    if (s.state !== 'unchanged') ctx.io.stderr(`${s.state}: ${opts.out}/${s.path}\n`);
  }
  if (opts.check && stale.length > 0) {
    ctx.io.stderr(`gen-metrics: ${stale.length} generated file(s) out of date; run g6 gen-metrics and commit the result\n`);
    ctx.exitCode = ExitCode.METRICS_DRIFT;
    return;
  }
  ctx.io.stderr(`gen-metrics: ${model.metrics.length} metrics, ${statuses.length} files ${opts.check ? 'current' : 'up to date'} (spec_hash ${model.specHash})\n`);
}
