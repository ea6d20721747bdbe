/** The process surface a command may use; tests pass their own. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal (decides colour together with NO_COLOR). */
  stderrIsTty: boolean;
}

/** What every command action receives besides its options. */
export interface CommandContext {
  io: Io;
  /** Set by the command; src/cli/main.ts returns it as the process exit code. */
  exitCode: number;
}
