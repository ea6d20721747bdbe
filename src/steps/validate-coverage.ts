/** validate-coverage: every spec panel hint on a dashboard the manifest lists; exit 11 on gaps. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { readManifestDashboards } from '../auditors/read-dashboards';
import { validateCoverage } from '../auditors/coverage/validate-coverage';
import type { Step } from './step';
import { specOption } from './options';

interface Options {
  spec: string;
  dashboards: string;
  strict?: boolean;
  listMissing?: boolean;
}

export const validateCoverageStep: Step<Options> = {
  id: 'validate-coverage',
  description: "check that every spec panel hint is covered by a dashboard listed in the dashboards' manifest",
  exitCode: ExitCode.COVERAGE_GAPS,
  options: [
    specOption,
    { flags: '--dashboards <dir>', description: 'directory with manifest.json and the dashboards it lists', default: DEFAULT_PATHS.dashboardsDir, fromPaths: 'dashboards' },
    { flags: '--strict', description: 'require an equivalent expression (normalised PromQL AST), not just a panel selecting the series' },
    { flags: '--list-missing', description: 'print every uncovered hint on stdout, one per line' },
  ],
  inputs: (o) => [o.spec, o.dashboards],
  run(ws, o) {
    const model = ws.model(o.spec);
    const scans = readManifestDashboards({ abs: ws.resolve(o.dashboards), display: ws.display(o.dashboards) }, (abs, display) => ws.dashboard(abs, display));
    const result = validateCoverage(model, scans, { strict: o.strict === true });
    const stdout = o.listMissing ? result.missing.map((m) => `- ${m.family}.${m.metric} (${m.kind}) "${m.title}": ${m.promql}\n`).join('') : undefined;
    return {
      artifacts: [],
      findings: result.findings,
      stats: { mode: o.strict ? 'strict' : 'default', total: result.total, covered: result.covered, dashboards: scans.length, missing: result.missing },
      stdout,
    };
  },
  summarize({ result }) {
    const s = result.stats as { mode: string; total: number; covered: number; dashboards: number; missing: unknown[] };
    return `validate-coverage (${s.mode}): ${s.covered}/${s.total} spec panel hints covered by ${s.dashboards} manifest dashboards${s.missing.length ? `; ${s.missing.length} missing` : ''}`;
  },
};
