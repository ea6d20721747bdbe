/** `g6 init`: scaffold .g6.yml, spec/metrics.yml and spec/dashboards.yml in the working directory; never overwrites. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors';
import { applyArtifacts } from '../../output/apply-artifacts';
import { scaffoldProject } from '../../spec/scaffold';
import type { CommandContext } from '../io';

export function registerInit(program: Command, ctx: CommandContext): Command {
  return program
    .command('init')
    .description('scaffold .g6.yml, spec/metrics.yml and spec/dashboards.yml for a new repository (valid as written)')
    .action(() => {
      const files = scaffoldProject();
      const present = files.filter((f) => existsSync(join(ctx.io.cwd, f.path))).map((f) => f.path);
      if (present.length > 0) throw new InputError(`${present.join(', ')} already exist(s); g6 init never overwrites — remove them or edit them instead`);
      applyArtifacts(files, ctx.io.cwd, 'write', { fix: '' });
      for (const f of files) ctx.io.stderr(`written: ${f.path}\n`);
      ctx.io.stderr('g6 init: next, run g6 generate, then g6 verify in CI\n');
    });
}
