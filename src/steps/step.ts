/**
 * The shape of a step: one generate-or-check capability of g6 (a generator, a check or an
 * audit), run in-process on a Workspace. A step returns what it produced and found; it never
 * prints, writes or exits. One writer applies its artifacts (src/output/apply-artifacts.ts); the
 * CLI adapter decides the exit code (src/cli/adapter.ts).
 */
import type { Artifact, OwnedFolder } from '../core/artifacts';
import type { Finding } from '../core/findings';
import type { ExitCodeValue } from '../cli/exit-codes';
import type { PathKey } from '../spec/project-config';
import type { Workspace } from './workspace';

/** `write`: generators write what differs; `check`: nothing is written, drift is an error finding. */
export type StepMode = 'write' | 'check';

/** One command-line option of a step, declared as data; the adapter turns it into a commander option. */
export interface StepOption {
  /** Commander flags, e.g. `--spec <path>` or `--strict`. */
  flags: string;
  description: string;
  default?: string | boolean | number | readonly string[];
  /** Parse and validate the raw value; a bad value throws UsageError. */
  parse?: (value: string) => unknown;
  /** The `.g6.yml` path(s) that give the default: one key for a path option, a list for a list option. */
  fromPaths?: PathKey | readonly PathKey[];
  /** A path (or list of paths) with no `.g6.yml` key: its built-in default is relative to the project root. */
  isPath?: true;
}

export interface StepResult {
  /** Files the step produces; applied in the mode the step runs in. */
  artifacts: Artifact[];
  /** Folders owned by the step: other files there are orphans in check mode. */
  owned?: OwnedFolder[];
  findings: Finding[];
  /** Machine-readable figures for the report's `stats`. */
  stats: Record<string, unknown>;
  /** Text for stdout in the text format only (plan summaries, lists asked for). */
  stdout?: string;
  /** Warnings fail the step too (validate-spec --strict). */
  failOnWarning?: boolean;
  /** The code a failed step exits with instead of its own: a live source that cannot be read exits 13. */
  failureCode?: ExitCodeValue;
}

/** What a step reports after its artifacts were applied: the input of its summary line. */
export interface StepOutcome {
  result: StepResult;
  mode: StepMode;
  /** Error findings remain, or warnings with failOnWarning. */
  failed: boolean;
  /** Paths written in write mode. */
  written: string[];
  /** Drift findings in check mode (missing, stale, orphan…). */
  drift: Finding[];
}

export interface Step<O = Record<string, unknown>> {
  /** Subcommand name, e.g. `gen-metrics`. */
  id: string;
  description: string;
  /** The code the process exits with when the step fails (drift or violations). */
  exitCode: ExitCodeValue;
  /** For generators: the flag that selects check mode (`--check`, or `--verify` for dashboards). */
  checkFlag?: '--check' | '--verify';
  options: readonly StepOption[];
  /** The files and folders the step reads, from its options (for help text and reports). */
  inputs(options: O): string[];
  /**
   * For steps that read a live source (a metrics endpoint, a Prometheus server): the network I/O,
   * awaited before `run`, resolving to the options with what was read. Never rejects; `run`
   * reports what could not be read. Such steps need a source, so generate and verify skip them.
   */
  gather?(ws: Workspace, options: O): Promise<O>;
  run(ws: Workspace, options: O, mode: StepMode): StepResult;
  /** One or more lines for people: what was done or found. */
  summarize(outcome: StepOutcome, options: O, ws: Workspace): string;
}
