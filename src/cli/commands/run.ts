/**
 * `g6 run`: the collection runtime. Resolves the one config object (defaults → file → G6_* env →
 * flags), prints it with --print-config, else runs the collector until done or stopped.
 * Exit 0 when the planned cycles ran or SIGINT/SIGTERM stopped it; 3 for bad config or provider;
 * 4 after maxConsecutiveFailures failed cycles in a row, or when a second signal forces a stop.
 */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';

interface Options {
  config?: string;
  cycles?: string;
  interval?: string;
  seed?: string;
  provider?: string;
  listen?: string;
  dataDir?: string;
  benchInterval?: string;
  maxFailures?: string;
  storageFormat?: string;
  linger?: string;
  parityBaseline?: string;
  parityWeights?: string;
  parityWindow?: string;
  printConfig?: boolean;
}

export function registerRun(program: Command, ctx: CommandContext): Command {
  return program
    .command('run')
    .description('run the collector: simulated market (or a provider plugin) → pipeline → storage, panels and /metrics')
    .option('--config <file>', 'config file (JSON, or YAML by .yml/.yaml extension)')
    .option('--cycles <n>', 'cycles to run; 0 = until stopped (G6_CYCLES)')
    .option('--interval <sec>', 'seconds between cycle starts; 0 = back to back (G6_INTERVAL_SECONDS)')
    .option('--seed <n>', 'seed of the simulated market (G6_SEED)')
    .option('--provider <spec>', 'sim, or <module>:<export> of a provider plugin (G6_PROVIDER, G6_OPTION_CHAIN_PROVIDER)')
    .option('--listen <host:port>', 'HTTP address for /metrics /healthz /api/status /events; port 0 = any free port; "" disables (G6_LISTEN)')
    .option('--data-dir <dir>', 'where options/, overview/, errors/, panels/ and bench/ are written (G6_DATA_DIR)')
    .option('--bench-interval <sec>', 'run a benchmark cycle every SEC seconds in idle time; 0 = off (G6_BENCH_INTERVAL_SECONDS)')
    .option('--max-failures <k>', 'exit 4 after K consecutive failed cycles; 0 = never (G6_MAX_CONSECUTIVE_FAILURES)')
    .option('--linger <sec>', 'after the last planned cycle keep serving HTTP SEC seconds or until stopped (G6_LINGER_SECONDS)')
    .option('--storage-format <fmt>', 'csv or ndjson (G6_STORAGE_FORMAT)')
    .option('--parity-baseline <spec>', 'shadow parity against sim, sim:<seed>, <module>:<export> or a directory of snapshot summaries (G6_PARITY_BASELINE)')
    .option('--parity-weights <comp:w,...>', 'parity component weights, renormalised over present components (G6_PARITY_WEIGHTS)')
    .option('--parity-window <n>', 'cycles in the persisted rolling parity average (G6_PARITY_ROLLING_WINDOW)')
    .option('--print-config', 'print the resolved configuration as JSON on stdout and exit')
    .action(async (opts: Options) => {
      const { loadRuntimeConfig } = await import('../../runtime/config');
      const config = loadRuntimeConfig({
        file: opts.config,
        env: ctx.io.env,
        cwd: ctx.io.cwd,
        flags: {
          cycles: opts.cycles,
          intervalSeconds: opts.interval,
          seed: opts.seed,
          provider: opts.provider,
          listen: opts.listen,
          dataDir: opts.dataDir,
          'bench.intervalSeconds': opts.benchInterval,
          maxConsecutiveFailures: opts.maxFailures,
          'storage.format': opts.storageFormat,
          lingerSeconds: opts.linger,
          'parity.baseline': opts.parityBaseline,
          'parity.weights': opts.parityWeights,
          'parity.rollingWindow': opts.parityWindow,
        },
      });
      if (opts.printConfig) {
        ctx.io.stdout(`${JSON.stringify(config, null, 2)}\n`);
        return;
      }
      const { runCollector } = await import('../../runtime/runtime');
      const { VERSION } = await import('../version');
      const stop = new AbortController();
      const onSignal = (sig: NodeJS.Signals): void => {
        if (stop.signal.aborted) {
          // a second signal: the operator will not wait for a stuck cycle
          ctx.io.stderr(`g6 run: second ${sig}; stopping now without finishing the cycle\n`);
          process.exit(ExitCode.RUN_FAILED);
        }
        ctx.io.stderr(`g6 run: ${sig} received; finishing the current cycle (send it again to stop at once)\n`);
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const outcome = await runCollector({
          config,
          cwd: ctx.io.cwd,
          version: VERSION,
          commit: ctx.io.env.G6_BUILD_COMMIT ?? 'unknown',
          log: (line) => ctx.io.stderr(`${line}\n`),
          signal: stop.signal,
        });
        ctx.io.stderr(`g6 run: stopped after ${outcome.cycles} cycle(s) (${outcome.reason})\n`);
        ctx.exitCode = outcome.reason === 'failed' ? ExitCode.RUN_FAILED : ExitCode.OK;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
