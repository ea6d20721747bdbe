/** `g6 init`: scaffold .g6.yml, spec/metrics.yml and spec/dashboards.yml in the working directory; never overwrites. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../core/errors';
import { applyArtifacts } from '../../output/apply-artifacts';
import { scaffoldProject } from '../../spec/scaffold';
import type { CommandContext } from '../io';

interface Options {
  fromMetrics?: string;
  prefix?: string[];
  timeout: string;
}

/** The spec `g6 infer` drafts from the exposition at `url`, and its family names. A source that cannot be read or parsed is an InputError. */
async function draftFrom(url: string, prefixes: readonly string[], timeoutMs: number): Promise<{ spec: string; families: string[] }> {
  const { scrape } = await import('../../gate/sources');
  const { parseExposition } = await import('../../gate/exposition');
  const { inferSpec } = await import('../../auditors/live/infer-spec');
  const { parseYaml } = await import('../../spec/parse-yaml');
  const outcome = await scrape({ url }, timeoutMs);
  if (!outcome.ok) throw new InputError(`--from-metrics ${url}: cannot scrape it: ${outcome.message}; check the address and that the service is running`);
  const expo = parseExposition(outcome.text, { openMetrics: outcome.openMetrics });
  if (expo.issues.length > 0) throw new InputError(`--from-metrics ${url}: line ${expo.issues[0]!.line}: ${expo.issues[0]!.message}; fix the exporter, then run g6 init again`);
  const draft = inferSpec(expo, { source: url, prefixes });
  if (draft.metrics === 0) throw new InputError(`--from-metrics ${url}: no metric${prefixes.length ? ` with prefix ${prefixes.join(', ')}` : ''} to draft a spec from`);
  const doc = parseYaml(draft.text, 'the drafted spec') as { families?: Record<string, unknown> };
  return { spec: draft.text, families: Object.keys(doc.families ?? {}) };
}

export function registerInit(program: Command, ctx: CommandContext): Command {
  return program
    .command('init')
    .description('scaffold .g6.yml, spec/metrics.yml and spec/dashboards.yml for a new repository (valid as written); --from-metrics drafts the spec from a running service')
    .option('--from-metrics <url>', 'draft the spec from this metrics endpoint, as g6 infer does, with one dashboard per family')
    .option('--prefix <prefix...>', 'with --from-metrics: only metrics with these name prefixes')
    .option('--timeout <seconds>', 'with --from-metrics: HTTP timeout', '5')
    .action(async (opts: Options) => {
      const seconds = Number(opts.timeout);
      if (!(seconds > 0)) throw new UsageError(`--timeout ${opts.timeout}: expected a number of seconds above 0`);
      const timeoutMs = seconds * 1000;
      const files = scaffoldProject(opts.fromMetrics !== undefined ? await draftFrom(opts.fromMetrics, opts.prefix ?? [], timeoutMs) : undefined);
      const present = files.filter((f) => existsSync(join(ctx.io.cwd, f.path))).map((f) => f.path);
      if (present.length > 0) throw new InputError(`${present.join(', ')} already exist(s); g6 init never overwrites — remove them or edit them instead`);
      applyArtifacts(files, ctx.io.cwd, 'write', { fix: '' });
      for (const f of files) ctx.io.stderr(`written: ${f.path}\n`);
      ctx.io.stderr('g6 init: next, run g6 generate, then g6 verify in CI\n');
    });
}
