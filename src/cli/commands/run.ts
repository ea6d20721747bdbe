/**
 * `g6 run`: the collection runtime. Resolves the one config object (defaults → file → G6_* env →
 * flags), prints it with --print-config, else runs the collector until done or stopped.
 * Exit 0 when the planned cycles ran or SIGINT/SIGTERM stopped it; 3 for bad config or provider;
 * 4 after maxConsecutiveFailures failed cycles in a row, or when a second signal forces a stop.
 */
import { Option, type Command } from 'commander';
import { flagHelp } from '../../runtime/config-docs';
import { CONFIG_KEYS } from '../../runtime/config-keys';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';

export function registerRun(program: Command, ctx: CommandContext): Command {
  const command = program
    .command('run')
    .description('run the collector: simulated market (or a provider plugin) → pipeline → storage, panels and /metrics')
    .option('--config <file>', 'config file (JSON, or YAML by .yml/.yaml extension)');
  // one option per flagged key of the config table, in its order; no commander defaults: an unset flag must not override the file or env
  const flagged = CONFIG_KEYS.flatMap((key) => (key.flag ? [{ path: key.path, option: new Option(`${key.flag.name} <${key.flag.arg}>`, flagHelp(key)) }] : []));
  for (const { option } of flagged) command.addOption(option);
  return command
    .option('--print-config', 'print the resolved configuration as JSON on stdout and exit')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const { loadRuntimeConfig, unknownVariableWarnings } = await import('../../runtime/config');
      for (const warning of unknownVariableWarnings(ctx.io.env)) ctx.io.stderr(`g6 run: warning: ${warning}\n`);
      const config = loadRuntimeConfig({
        file: typeof opts.config === 'string' ? opts.config : undefined,
        env: ctx.io.env,
        cwd: ctx.io.cwd,
        flags: Object.fromEntries(flagged.map(({ path, option }) => [path, opts[option.attributeName()]])),
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
          env: ctx.io.env,
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
