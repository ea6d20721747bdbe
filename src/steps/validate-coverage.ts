/** validate-coverage: every spec panel hint on a dashboard in scope (the manifest's, else every one found); exit 11 on gaps. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { readScopedDashboards } from '../auditors/read-dashboards';
import { validateCoverage } from '../auditors/coverage/validate-coverage';
import type { Step } from './step';
import { specOption } from './options';

interface Options {
  spec: string;
  dashboards: string[];
  strict?: boolean;
  listMissing?: boolean;
}

export const validateCoverageStep: Step<Options> = {
  id: 'validate-coverage',
  description: "check that every spec panel hint is covered by a dashboard: the ones g6's manifest lists, or every dashboard found",
  exitCode: ExitCode.COVERAGE_GAPS,
  options: [
    specOption,
    {
      flags: '--dashboards <paths...>',
      description: 'a folder with g6 manifest.json (only the dashboards it lists count), or any dashboards: Grafana JSON, ConfigMap YAML; files, folders or globs',
      default: [DEFAULT_PATHS.dashboardsDir],
      fromPaths: ['dashboards'],
    },
    { flags: '--strict', description: 'require an equivalent expression (normalised PromQL AST), not just a panel selecting the series' },
    { flags: '--list-missing', description: 'print every uncovered hint on stdout, one per line' },
  ],
  inputs: (o) => [o.spec, ...o.dashboards],
  run(ws, o) {
    const model = ws.model(o.spec);
    const { scans, manifest } = readScopedDashboards(o.dashboards, ws, ws);
    const result = validateCoverage(model, scans, { strict: o.strict === true });
    const stdout = o.listMissing ? result.missing.map((m) => `- ${m.family}.${m.metric} (${m.kind}) "${m.title}": ${m.promql}\n`).join('') : undefined;
    return {
      artifacts: [],
      findings: result.findings,
      stats: { mode: o.strict ? 'strict' : 'default', scope: manifest ?? 'found', total: result.total, covered: result.covered, dashboards: scans.length, missing: result.missing },
      stdout,
    };
  },
  summarize({ result }) {
    const s = result.stats as { mode: string; scope: string; total: number; covered: number; dashboards: number; missing: unknown[] };
    const scope = s.scope === 'found' ? 'dashboards found' : 'manifest dashboards';
    return `validate-coverage (${s.mode}): ${s.covered}/${s.total} spec panel hints covered by ${s.dashboards} ${scope}${s.missing.length ? `; ${s.missing.length} missing` : ''}`;
  },
};
