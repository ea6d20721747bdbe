/** Typed failures that carry their exit code; src/cli turns them into messages and codes. */
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes';

/** A failure the user can fix; `message` says what is wrong and how to fix it. */
export class G6Error extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = 'G6Error';
  }
}

/** Bad input file (spec, plan, rules, dashboards, config): exit 3. */
export class InputError extends G6Error {
  constructor(message: string) {
    super(message, ExitCode.INVALID_INPUT);
    this.name = 'InputError';
  }
}

/** Bad command-line usage: exit 2. */
export class UsageError extends G6Error {
  constructor(message: string) {
    super(message, ExitCode.USAGE);
    this.name = 'UsageError';
  }
}
