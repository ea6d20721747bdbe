/** `g6 parity-weights`: study parity components over many snapshot pairs and recommend `comp:w` weights. */
import { Option, type Command } from 'commander';
import { InputError, UsageError } from '../../core/errors';
import type { StudyMethod } from '../../parity/study';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { resolvePath } from '../options';
import { parseIntOption, parseNumberOption } from './parity-options';

/** The study's methods (STUDY_METHODS), listed here so start-up does not load the study module. */
const METHODS: readonly StudyMethod[] = ['signal', 'inverse-var'];

interface Options {
  pairs?: string[];
  dir?: string;
  synthetic?: string;
  seed?: string;
  noise: string;
  method: StudyMethod;
  pretty?: boolean;
}

export function registerParityWeights(program: Command, ctx: CommandContext): Command {
  return program
    .command('parity-weights')
    .description('study parity components over snapshot pairs and recommend weights (JSON; weights in comp:w form)')
    .option('--pairs <base:cand>', 'a baseline:candidate pair of snapshot files (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--dir <dir>', 'pair every *baseline*.json with the same name with baseline → candidate')
    .option('--synthetic <n>', 'add N generated pairs (deterministic; needs --seed)')
    .option('--seed <s>', 'seed of the synthetic pairs')
    .option('--noise <x>', 'perturbation scale of synthetic candidates', '0.05')
    .addOption(new Option('--method <method>', 'weighting method').choices(METHODS).default('signal'))
    .option('--pretty', 'indent the JSON')
    .action(async (opts: Options) => {
      if (opts.pairs === undefined && opts.dir === undefined && opts.synthetic === undefined) {
        throw new UsageError('give --pairs BASE:CAND (repeatable), --dir DIR or --synthetic N --seed S');
      }
      if ((opts.synthetic === undefined) !== (opts.seed === undefined)) {
        throw new UsageError('--synthetic N and --seed S go together');
      }
      const synthetic = opts.synthetic === undefined ? 0 : parseIntOption('--synthetic', opts.synthetic, 1);
      const seed = opts.seed === undefined ? 0 : parseIntOption('--seed', opts.seed, 0);
      const noise = parseNumberOption('--noise', opts.noise, 0, 1);
      const [{ loadSnapshotSummary }, { discoverPairs, parsePairArgument }, { generateSyntheticPairs }, { studyWeights }] =
        await Promise.all([
          import('../../parity/load-snapshot'),
          import('../../parity/pairs'),
          import('../../parity/synthetic'),
          import('../../parity/study'),
        ]);
      const files: Array<[string, string]> = (opts.pairs ?? []).map(parsePairArgument);
      const modes: string[] = [];
      if (opts.pairs) modes.push('pairs');
      if (opts.dir !== undefined) {
        const found = discoverPairs(resolvePath(ctx, opts.dir), opts.dir);
        for (const u of found.unpaired) ctx.io.stderr(`parity-weights: ${opts.dir}/${u}: no matching candidate file; skipped\n`);
        if (found.pairs.length === 0) {
          throw new InputError(`${opts.dir}: no *baseline*.json file with a matching *candidate*.json; see docs/parity.md#parity-weights`);
        }
        files.push(...found.pairs);
        modes.push('dir');
      }
      const loaded = files.map(([a, b]) => [loadSnapshotSummary(resolvePath(ctx, a), a), loadSnapshotSummary(resolvePath(ctx, b), b)] as const);
      if (synthetic > 0) modes.push('synthetic');
      const pairs = [...loaded, ...generateSyntheticPairs(synthetic, seed, { noise })];
      const study = studyWeights(pairs, opts.method, modes.join('+'));
      ctx.io.stdout(`${JSON.stringify(study, null, opts.pretty ? 2 : undefined)}\n`);
      ctx.exitCode = ExitCode.OK;
    });
}
