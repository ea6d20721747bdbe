/** Typed failures a user can fix. They name their kind; src/cli maps each kind onto an exit code. */

/** `usage`: the command line is wrong (exit 2); `input`: a file or value the user gave is (exit 3). */
export type ErrorKind = 'usage' | 'input';

/** A failure the user can fix; `message` says what is wrong and how to fix it. */
export class G6Error extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message);
    this.name = 'G6Error';
  }
}

/** Bad input file (spec, plan, rules, dashboards, config) or value. */
export class InputError extends G6Error {
  constructor(message: string) {
    super(message, 'input');
    this.name = 'InputError';
  }
}

/** Where a syntax error is and why: `line` and `column` are 1-based, absent when unknown. */
export interface SyntaxPlace {
  file: string;
  line?: number;
  column?: number;
  reason: string;
}

/** An input that does not parse (YAML or JSON), with its place; checkers may turn it into a finding. */
export class InputSyntaxError extends InputError {
  constructor(
    message: string,
    readonly where: SyntaxPlace,
  ) {
    super(message);
    this.name = 'InputSyntaxError';
  }
}

/** Bad command-line usage. */
export class UsageError extends G6Error {
  constructor(message: string) {
    super(message, 'usage');
    this.name = 'UsageError';
  }
}

const FILE_SYSTEM_CODES = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EROFS', 'ENOSPC', 'EEXIST', 'ENAMETOOLONG', 'ELOOP']);

/**
 * When `err` is the file system refusing a path the user chose (an output folder under a file,
 * no permission, a full disk), the sentence that says so; otherwise undefined.
 */
export function fileSystemRefusal(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.path !== 'string' || !FILE_SYSTEM_CODES.has(e.code ?? '')) return undefined;
  return `cannot use ${e.path}: ${e.code} (${e.syscall ?? 'access'}); check the path and its permissions`;
}
