/**
 * Builds the g6 program and maps every outcome onto the exit-code table. Commands register
 * light descriptors here and load their implementation lazily, so each run pays only for
 * what its command needs.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exit-codes';
import { fileSystemRefusal, G6Error, type ErrorKind } from '../core/errors';
import { DEFAULT_INPUT_LIMITS, formatBytes, parseInputLimits, setInputLimits } from '../core/input-limits';
import { fdWriter, type CommandContext, type Io } from './io';
import { COMMANDS } from './commands';
import { VERSION } from './version';

/**
 * The g6 program. When `argv` starts with a subcommand's name only that one is registered
 * (commander's option setup is a noticeable part of a short command's start-up); otherwise, for
 * help, --version or a misspelt name, all of them are, so help lists them and errors suggest one.
 * Sets the input limits of the process: defaults < G6_INPUT_LIMITS < --input-limits.
 */
export function buildProgram(ctx: CommandContext, argv: readonly string[] = []): Command {
  const envLimits = parseInputLimits(ctx.io.env.G6_INPUT_LIMITS ?? '', 'G6_INPUT_LIMITS');
  setInputLimits(envLimits);
  const { bytes, depth, aliases } = DEFAULT_INPUT_LIMITS;
  const program = new Command('g6')
    .description('Metric spec as the single source of truth: generate and verify accessors, dashboards, rules; run the collector.')
    .version(VERSION)
    .option('--input-limits <limits>', `bounds on every YAML and JSON file read, before or after the command (default bytes=${formatBytes(bytes)},depth=${depth},aliases=${aliases}; G6_INPUT_LIMITS)`)
    .hook('preSubcommand', (cmd) => {
      const flag = cmd.opts<{ inputLimits?: string }>().inputLimits;
      if (flag !== undefined) setInputLimits(parseInputLimits(flag, '--input-limits', envLimits));
    })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
    });
  const invoked = COMMANDS.find(([name]) => name === argv[0]);
  // subcommands inherit exitOverride and the output configuration from program (commander's copyInheritedSettings)
  for (const [, register] of invoked ? [invoked] : COMMANDS) register(program, ctx);
  return program;
}

/** Whether `name` is a g6 command (bin/g6 keeps a code cache per command). */
export const isCommand = (name: string): boolean => COMMANDS.some(([n]) => n === name);

/** Run g6 with `argv` (without node and script) and return the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const ctx: CommandContext = { io, exitCode: ExitCode.OK };
  try {
    const program = buildProgram(ctx, argv);
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return ExitCode.OK;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    return exitCodeForError(err, io);
  }
}

/** The exit code of each kind of error the user can fix. */
const ERROR_KIND_CODES: Record<ErrorKind, number> = { usage: ExitCode.USAGE, input: ExitCode.INVALID_INPUT };

function exitCodeForError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    // help and version are successful exits; every other commander error is a usage error
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.OK;
    }
    return ExitCode.USAGE;
  }
  if (err instanceof G6Error) {
    io.stderr(`g6: ${err.message}\n`);
    return ERROR_KIND_CODES[err.kind];
  }
  const refusal = fileSystemRefusal(err);
  if (refusal !== undefined) {
    // the file system refused a path the user chose (an output folder under a file, no permission...)
    io.stderr(`g6: ${refusal}\n`);
    return ExitCode.INVALID_INPUT;
  }
  const detail = err instanceof Error ? (io.env.G6_DEBUG ? (err.stack ?? err.message) : err.message) : String(err);
  io.stderr(`g6: internal error: ${detail}\n(this is a bug in g6; rerun with G6_DEBUG=1 for a stack trace and report it)\n`);
  return ExitCode.INTERNAL;
}

/** Entry used by bin/g6. */
export function run(proc: NodeJS.Process): Promise<number> {
  const argv = proc.argv.slice(2);
  // `g6 run` writes for as long as it runs: through the streams, which queue rather than stall the
  // collector when a pipe is full. Every other command writes at once, without loading the streams.
  const streams = argv[0] === 'run';
  return main(argv, {
    stdout: streams ? (s) => void proc.stdout.write(s) : fdWriter(1, () => proc.stdout),
    stderr: streams ? (s) => void proc.stderr.write(s) : fdWriter(2, () => proc.stderr),
    env: proc.env,
    cwd: proc.cwd(),
    stderrIsTty: () => Boolean(proc.stderr.isTTY),
  });
}
