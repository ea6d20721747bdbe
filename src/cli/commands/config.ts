/** `g6 config`: the resolved project config, every value with where it came from. */
import { Option, type Command } from 'commander';
import { loadProjectConfig, type ProjectConfig } from '../../spec/project-config';
import { Workspace } from '../../steps/workspace';
import type { CommandContext } from '../io';

interface Row {
  key: string;
  value: unknown;
  source: string;
}

/** One row per value: paths, lint levels, step option defaults, output format. */
export function configRows(config: ProjectConfig, display: (p: string) => string): Row[] {
  const rows: Row[] = Object.entries(config.paths).map(([k, v]) => ({ key: `paths.${k}`, value: display(v.value), source: v.source }));
  for (const [rule, level] of Object.entries(config.lint)) rows.push({ key: `lint.rules.${rule}`, value: level.value, source: level.source });
  for (const [step, flags] of Object.entries(config.checks)) for (const [flag, v] of Object.entries(flags)) rows.push({ key: `checks.${step}.${flag}`, value: v.value, source: v.source });
  rows.push({ key: 'output.format', value: config.format?.value ?? 'text', source: config.format?.source ?? 'default' });
  return rows;
}

export function registerConfig(program: Command, ctx: CommandContext): Command {
  return program
    .command('config')
    .description('print the resolved project config (.g6.yml) and where each value came from')
    .option('--config <path>', 'project config (default: the nearest .g6.yml at or above the working directory)')
    .addOption(new Option('--format <format>', 'text table, or json').choices(['text', 'json']).default('text'))
    .action((opts: { config?: string; format: 'text' | 'json' }) => {
      const config = loadProjectConfig(ctx.io.cwd, opts.config, (p) => new Workspace(ctx.io.cwd, ctx.io.env).display(p));
      const ws = new Workspace(ctx.io.cwd, ctx.io.env, config);
      const rows = configRows(config, (p) => ws.display(p));
      if (opts.format === 'json') {
        ctx.io.stdout(`${JSON.stringify({ file: config.file ?? null, root: ws.display(config.root), values: rows }, null, 2)}\n`);
        return;
      }
      const width = Math.max(...rows.map((r) => r.key.length));
      const valueWidth = Math.max(...rows.map((r) => JSON.stringify(r.value).length));
      ctx.io.stdout(`project config: ${config.file ?? 'none found (built-in defaults)'}\n`);
      for (const r of rows) ctx.io.stdout(`${r.key.padEnd(width)}  ${JSON.stringify(r.value).padEnd(valueWidth)}  ${r.source}\n`);
    });
}
