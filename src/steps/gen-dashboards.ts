/** gen-dashboards: spec + plan → Grafana dashboards and their manifest; --verify exits 6 on semantic drift. */
import { ExitCode } from '../cli/exit-codes';
import type { Artifact } from '../core/artifacts';
import { UsageError } from '../core/errors';
import { canonicalJson } from '../core/hash';
import { DEFAULT_PATHS } from '../model/conventions';
import { generateDashboards } from '../generators/dashboards/generate-dashboards';
import { inventoryFormatOf, inventoryRows, renderInventory } from '../generators/dashboards/inventory';
import type { Step } from './step';
import { regenerateFix, specOption } from './options';

interface Options {
  spec: string;
  plan: string;
  output: string;
  only?: string;
  dryRun?: boolean;
  verbose?: boolean;
  inventory?: string;
}

/** Slugs of `--only a,b` (trimmed, empties dropped, first-seen order). */
function parseOnly(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const slugs = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  if (slugs.length === 0) throw new UsageError('--only needs at least one dashboard slug');
  return slugs;
}

export const genDashboardsStep: Step<Options> = {
  id: 'gen-dashboards',
  description: 'generate Grafana dashboards and their manifest from the spec and the dashboard plan',
  exitCode: ExitCode.DASHBOARDS_DRIFT,
  checkFlag: '--verify',
  options: [
    specOption,
    { flags: '--plan <path>', description: 'dashboard plan file', default: DEFAULT_PATHS.plan, fromPaths: 'plan' },
    { flags: '--output <dir>', description: 'dashboards folder', default: DEFAULT_PATHS.dashboardsDir, fromPaths: 'dashboards' },
    { flags: '--only <slugs>', description: 'comma-separated dashboard slugs to generate or verify' },
    { flags: '--dry-run', description: 'print the plan summary and spec hash; write nothing' },
    { flags: '--verbose', description: 'with --verify: print per-dashboard drift details (also G6_DASHBOARD_DIFF_VERBOSE=1)' },
    { flags: '--inventory <file>', description: 'also write a panel inventory (.csv or .jsonl); not with --verify' },
  ],
  inputs: (o) => [o.spec, o.plan, o.output],
  run(ws, o, mode) {
    if (mode === 'check' && o.dryRun) throw new UsageError('--verify and --dry-run exclude each other; pick one');
    if (mode === 'check' && o.inventory !== undefined) throw new UsageError('--verify writes nothing, so it cannot write --inventory; run the inventory without --verify');
    const only = parseOnly(o.only);
    const inventoryFormat = o.inventory === undefined ? undefined : inventoryFormatOf(o.inventory);
    if (o.inventory !== undefined && !inventoryFormat) throw new UsageError(`--inventory ${o.inventory}: use a .csv or .jsonl file name`);

    const model = ws.model(o.spec);
    const plan = ws.plan(o.plan, model);
    const slugs = plan.dashboards.map((d) => d.slug);
    const unknown = (only ?? []).filter((s) => !slugs.includes(s));
    if (unknown.length > 0) throw new UsageError(`--only names unknown dashboard slug(s): ${unknown.sort().join(', ')}; valid slugs: ${slugs.join(', ')}`);

    const generated = generateDashboards(model, plan);
    const selected = only ? generated.dashboards.filter((d) => only.includes(d.plan.slug)) : generated.dashboards;
    const findings = selected.flatMap((d) =>
      d.notes.map((note) => ({ ruleId: 'dashboards/cap-applied', severity: 'info' as const, message: `${d.plan.slug}: ${note}`, location: { file: ws.display(o.plan) } })),
    );
    const stats = {
      spec_hash: model.specHash,
      plan_hash: plan.hash,
      output: ws.display(o.output),
      dashboards: selected.map((d) => ({ slug: d.plan.slug, title: d.plan.title, families: d.plan.families, file: d.file, panel_count: d.panelCount })),
    };
    if (o.dryRun) {
      const lines = ['Plan Summary:', ...selected.map((d) => `  - ${d.plan.slug}: families=[${d.plan.families.join(', ')}] panels=${d.panelCount}`), `Spec hash: ${model.specHash}`];
      return { artifacts: [], findings, stats: { ...stats, dry_run: true }, stdout: `${lines.join('\n')}\n` };
    }
    const dir = ws.display(o.output);
    const artifacts: Artifact[] = selected.map((d) => ({ path: `${dir}/${d.file}`, content: d.content, kind: 'dashboard', label: d.plan.slug, parsed: d.dashboard }));
    // the manifest never depends on --only; checking it and orphans is for the whole folder only
    if (!only || mode === 'write') artifacts.push({ ...generated.manifest, path: `${dir}/${generated.manifest.path}`, label: 'manifest' });
    if (o.inventory !== undefined && inventoryFormat) {
      artifacts.push({ path: ws.display(o.inventory), content: renderInventory(inventoryRows(selected), inventoryFormat), kind: 'text' });
    }
    const owned = only ? [] : [{ dir, ext: '.json', orphanFix: 'delete the file, or add a plan entry that generates it' }];
    return { artifacts, owned, findings, stats };
  },
  summarize({ result, mode, drift }, o, ws) {
    const s = result.stats as { spec_hash: string; output: string; dashboards: unknown[]; dry_run?: boolean };
    if (s.dry_run) return `gen-dashboards --dry-run: ${s.dashboards.length} dashboard(s) planned (spec_hash ${s.spec_hash})`;
    if (mode === 'write') return `gen-dashboards: ${s.dashboards.length} dashboard(s) -> ${s.output} (spec_hash ${s.spec_hash})`;
    if (drift.length === 0) return `gen-dashboards --verify: ${s.dashboards.length} dashboard(s)${o.only ? '' : ' and the manifest'} match the spec (spec_hash ${s.spec_hash})`;
    const lines: string[] = [];
    if (o.verbose === true || ws.env.G6_DASHBOARD_DIFF_VERBOSE === '1') {
      const details = drift.map((f) => f.context?.detail).filter((d) => d !== undefined);
      lines.push('DRIFT_DETAILS_BEGIN', ...details.map((d) => canonicalJson(d)), 'DRIFT_DETAILS_END');
    }
    lines.push(`SEMANTIC DRIFT DETECTED: ${drift.map((f) => String(f.context?.token)).join(', ')}`, `gen-dashboards: ${regenerateFix('gen-dashboards')}`);
    return lines.join('\n');
  },
};
