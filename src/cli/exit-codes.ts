/** The one table of g6 exit codes. Only src/cli maps results and errors onto it. */
export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  INVALID_INPUT: 3,
  RUN_FAILED: 4,
  METRICS_DRIFT: 5,
  DASHBOARDS_DRIFT: 6,
  ALERTS_DRIFT: 7,
  RECORDING_RULES_DRIFT: 8,
  SUGGESTIONS_DRIFT: 9,
  QUANTILE_VIOLATIONS: 10,
  COVERAGE_GAPS: 11,
  GATE_BREACHED: 12,
  GATE_DATA_MISSING: 13,
  LIVE_VIOLATIONS: 14,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per code, in the order the README documents them. */
export const EXIT_CODE_TABLE: ReadonlyArray<{ code: ExitCodeValue; meaning: string }> = [
  { code: ExitCode.OK, meaning: 'success; no drift, no violations' },
  { code: ExitCode.INTERNAL, meaning: 'internal error (a bug in g6; please report it)' },
  { code: ExitCode.USAGE, meaning: 'usage error: unknown option, missing argument, unknown --only slug' },
  { code: ExitCode.INVALID_INPUT, meaning: 'invalid input: spec, plan, rule, dashboard, config or provider unreadable or invalid, or a path the file system refuses' },
  { code: ExitCode.RUN_FAILED, meaning: 'g6 run stopped abnormally: too many consecutive failed cycles, or a second SIGINT/SIGTERM' },
  { code: ExitCode.METRICS_DRIFT, meaning: 'gen-metrics --check: generated accessors or catalog stale or missing' },
  { code: ExitCode.DASHBOARDS_DRIFT, meaning: 'gen-dashboards --verify: dashboards drifted from the spec' },
  { code: ExitCode.ALERTS_DRIFT, meaning: 'gen-alerts --check: alert rules drifted' },
  { code: ExitCode.RECORDING_RULES_DRIFT, meaning: 'gen-recording-rules --check / gen-rules-catalog --check: recording rules or the rules catalog drifted' },
  { code: ExitCode.SUGGESTIONS_DRIFT, meaning: 'gen-alert-suggestions --check: alert suggestions drifted' },
  { code: ExitCode.QUANTILE_VIOLATIONS, meaning: 'audit-quantiles: inline histogram_quantile where a recording rule exists' },
  { code: ExitCode.COVERAGE_GAPS, meaning: 'validate-coverage: spec panel hints missing from the dashboards' },
  { code: ExitCode.GATE_BREACHED, meaning: 'ci-gate: parity or fatal-ratio threshold breached' },
  { code: ExitCode.GATE_DATA_MISSING, meaning: 'ci-gate: gate data missing or invalid, or its source unreachable; check-live / infer: a metrics endpoint or Prometheus unreachable' },
  { code: ExitCode.LIVE_VIOLATIONS, meaning: 'check-live: the running service or Prometheus does not conform to the spec (missing or undeclared metrics, labels, budgets, buckets, panels or rules)' },
];
