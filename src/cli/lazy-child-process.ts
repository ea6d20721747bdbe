/**
 * Bundled in place of `node:child_process` (the `--alias` in package.json's build script).
 * commander requires that module at start-up, only for executable subcommands, which g6 does not
 * have; loading it (with net and stream) costs ~10 ms per command, so here it loads on first use.
 */
import type * as ChildProcess from 'node:child_process';

const load = (): typeof ChildProcess => require('child_process') as typeof ChildProcess;

export const spawn: typeof ChildProcess.spawn = ((...args: Parameters<typeof ChildProcess.spawn>) => load().spawn(...args)) as typeof ChildProcess.spawn;
