/** `g6 gen-dashboards`: spec + plan → Grafana dashboards and manifest; --verify compares read-only and exits 6 on drift. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors';
import { DEFAULT_PATHS, MANIFEST_FILE } from '../../model/conventions';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { formatOption, printFindings, resolvePath } from '../options';
import type { ReportFormat } from '../../output/report';

interface Options {
  spec: string;
  plan: string;
  output: string;
  only?: string;
  verify?: boolean;
  dryRun?: boolean;
  verbose?: boolean;
  inventory?: string;
  format: ReportFormat;
}

const TOOL = 'gen-dashboards';

/** Slugs of `--only a,b` (trimmed, empties dropped, first-seen order). */
function parseOnly(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
}

export function registerGenDashboards(program: Command, ctx: CommandContext): Command {
  return program
    .command('gen-dashboards')
    .description('generate Grafana dashboards and their manifest from the spec and the dashboard plan')
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .option('--plan <path>', 'dashboard plan file', DEFAULT_PATHS.plan)
    .option('--output <dir>', 'dashboards folder', DEFAULT_PATHS.dashboardsDir)
    .option('--only <slugs>', 'comma-separated dashboard slugs to generate or verify')
    .option('--verify', 'write nothing; compare with the folder and exit 6 on semantic drift')
    .option('--dry-run', 'print the plan summary and spec hash; write nothing')
    .option('--verbose', 'with --verify: print per-dashboard drift details (also G6_DASHBOARD_DIFF_VERBOSE=1)')
    .option('--inventory <file>', 'also write a panel inventory (.csv or .jsonl)')
    .addOption(formatOption())
    .action(async (opts: Options) => {
      // --verify is read-only, so its result is memoised on the files it reads (see src/cli/memo.ts)
      if (!opts.verify || opts.inventory !== undefined) return genDashboards(ctx, opts);
      const { withMemo } = await import('../memo');
      const inputs = { paths: [resolvePath(ctx, opts.spec), resolvePath(ctx, opts.plan), resolvePath(ctx, opts.output)], params: opts };
      return withMemo(ctx, TOOL, inputs, () => genDashboards(ctx, opts));
    });
}

async function genDashboards(ctx: CommandContext, opts: Options): Promise<void> {
  const format = opts.format;
  if (opts.verify && opts.dryRun) throw new UsageError('--verify and --dry-run exclude each other; pick one');
  const only = parseOnly(opts.only);
  if (only && only.length === 0) throw new UsageError('--only needs at least one dashboard slug');
  const { inventoryFormatOf, inventoryRows, renderInventory } = await import('../../generators/dashboards/inventory');
  const inventoryFormat = opts.inventory === undefined ? undefined : inventoryFormatOf(opts.inventory);
  if (opts.inventory !== undefined && !inventoryFormat) throw new UsageError(`--inventory ${opts.inventory}: use a .csv or .jsonl file name`);

  const { loadModel } = await import('../../spec/load-model');
  const { readInputFile } = await import('../../core/read-input');
  const { parsePlan } = await import('../../generators/dashboards/plan');
  const { generateDashboards } = await import('../../generators/dashboards/generate-dashboards');
  const model = loadModel(resolvePath(ctx, opts.spec), { displayPath: opts.spec });
  const plan = parsePlan(readInputFile(resolvePath(ctx, opts.plan), 'dashboard plan', opts.plan), opts.plan, model);
  const slugs = plan.dashboards.map((d) => d.slug);
  const unknown = (only ?? []).filter((s) => !slugs.includes(s));
  if (unknown.length > 0) {
    throw new UsageError(`--only names unknown dashboard slug(s): ${unknown.sort().join(', ')}; valid slugs: ${slugs.join(', ')}`);
  }
  const result = generateDashboards(model, plan);
  const selected = only ? result.dashboards.filter((d) => only.includes(d.plan.slug)) : result.dashboards;
  const notes = selected.flatMap((d) => d.notes.map((n) => ({ slug: d.plan.slug, note: n })));
  if (format === 'text') for (const n of notes) ctx.io.stderr(`${TOOL}: ${n.slug}: ${n.note}\n`);

  if (opts.inventory !== undefined && inventoryFormat) {
    const { writeFileAtomic } = await import('../../output/artifacts');
    writeFileAtomic(resolvePath(ctx, opts.inventory), renderInventory(inventoryRows(selected), inventoryFormat));
  }

  if (opts.dryRun) {
    if (format === 'json') {
      ctx.io.stdout(`${JSON.stringify({ tool: TOOL, mode: 'dry-run', ok: true, spec_hash: model.specHash, plan_hash: plan.hash, notes, dashboards: selected.map((d) => ({ slug: d.plan.slug, title: d.plan.title, families: d.plan.families, panel_count: d.panelCount })) }, null, 2)}\n`);
      return;
    }
    const lines = ['Plan Summary:', ...selected.map((d) => `  - ${d.plan.slug}: families=[${d.plan.families.join(', ')}] panels=${d.panelCount}`), `Spec hash: ${model.specHash}`];
    ctx.io.stdout(`${lines.join('\n')}\n`);
    return;
  }

  const outDir = resolvePath(ctx, opts.output);
  if (opts.verify) {
    const { readFolder } = await import('../../output/read-folder');
    const { auditDashboardDrift } = await import('../../auditors/dashboard-drift/diff-dashboards');
    const folder = readFolder(outDir, [...selected.map((d) => d.file), MANIFEST_FILE], '.json');
    const drift = auditDashboardDrift({
      expected: selected.map((d) => ({ slug: d.plan.slug, file: d.file, dashboard: d.dashboard, content: d.content })),
      folder: { dir: opts.output, files: folder.files, jsonFiles: folder.listed },
      whole: only ? undefined : { manifestFile: MANIFEST_FILE, manifest: result.manifest.content, plannedFiles: result.dashboards.map((d) => d.file) },
    });
    const verbose = opts.verbose === true || ctx.io.env.G6_DASHBOARD_DIFF_VERBOSE === '1';
    const drifted = drift.tokens.length > 0;
    if (verbose && drifted && format !== 'json') {
      const { canonicalJson } = await import('../../core/hash');
      ctx.io.stderr(['DRIFT_DETAILS_BEGIN', ...drift.details.map((d) => canonicalJson(d)), 'DRIFT_DETAILS_END', ''].join('\n'));
    }
    const summary = drifted
      ? `SEMANTIC DRIFT DETECTED: ${drift.tokens.join(', ')}\n${TOOL}: run g6 gen-dashboards and commit the result`
      : `${TOOL} --verify: ${selected.length} dashboard(s)${only ? '' : ' and the manifest'} match the spec (spec_hash ${model.specHash})`;
    printFindings(ctx, drift.findings, format, {
      tool: TOOL,
      summary,
      extra: { mode: 'verify', spec_hash: model.specHash, plan_hash: plan.hash, tokens: drift.tokens, details: drift.details, notes, dashboards: selected.length },
    });
    ctx.exitCode = drifted ? ExitCode.DASHBOARDS_DRIFT : ExitCode.OK;
    return;
  }

  const { applyArtifacts } = await import('../../output/artifacts');
  const artifacts = [...selected.map((d) => ({ path: d.file, content: d.content })), result.manifest];
  const statuses = applyArtifacts(artifacts, outDir, 'write');
  const written = statuses.filter((s) => s.state === 'written').map((s) => s.path);
  if (format === 'json') {
    ctx.io.stdout(`${JSON.stringify({ tool: TOOL, mode: 'write', ok: true, spec_hash: model.specHash, plan_hash: plan.hash, output: opts.output, written, notes, dashboards: selected.map((d) => ({ slug: d.plan.slug, file: d.file, panel_count: d.panelCount })) }, null, 2)}\n`);
    return;
  }
  for (const path of written) ctx.io.stderr(`written: ${opts.output}/${path}\n`);
  ctx.io.stderr(`${TOOL}: ${selected.length} dashboard(s) -> ${opts.output} (${written.length} file(s) changed, spec_hash ${model.specHash})\n`);
}
