/** `g6 ci-gate`: pass/fail a deployment on parity and fatal ratio read from metrics or Prometheus. */
import { Option, type Command } from 'commander';
import { UsageError } from '../../core/errors';
import type { Finding } from '../../core/findings';
import type { GateReport } from '../../gate/evaluate';
import { buildReport, REPORT_FORMATS, wantsColor, type ReportFormat } from '../../output/report';
import { renderReport } from '../../output/render-report';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { resolvePath } from '../options';
import { parseNumberOption } from './parity-options';

interface Options {
  metricsUrl?: string;
  metricsFile?: string;
  prometheusUrl?: string;
  minParity: string;
  maxFatalRatio: string;
  allowMissing?: boolean;
  format: ReportFormat;
  timeout: string;
}

export function registerCiGate(program: Command, ctx: CommandContext): Command {
  return program
    .command('ci-gate')
    .description('gate a deployment: parity >= min and fatal ratio <= max (exit 0 pass, 12 breach, 13 data missing)')
    .option('--metrics-url <url>', 'scrape this /metrics endpoint (fatal ratio from the counters)')
    .option('--metrics-file <file>', 'read this exposition file (fatal ratio from the counters)')
    .option('--prometheus-url <url>', 'query this Prometheus server (fatal ratio from the 15m recording rule)')
    .option('--min-parity <x>', 'minimum rolling parity', '0.985')
    .option('--max-fatal-ratio <x>', 'maximum fatal ratio', '0.05')
    .option('--allow-missing', 'pass (exit 0, with a warning) when data is missing or the source unreachable')
    .addOption(new Option('--format <format>', 'report format: text for people, json (the gate report in stats), github annotations, or a markdown summary').choices(REPORT_FORMATS).default('text'))
    .option('--timeout <seconds>', 'HTTP timeout', '5')
    .action(async (opts: Options) => {
      const sources = [opts.metricsUrl, opts.metricsFile, opts.prometheusUrl].filter((s) => s !== undefined);
      if (sources.length !== 1) {
        throw new UsageError('give exactly one of --metrics-url URL, --metrics-file FILE or --prometheus-url URL');
      }
      const thresholds = {
        min_parity: parseNumberOption('--min-parity', opts.minParity, 0, 1),
        max_fatal_ratio: parseNumberOption('--max-fatal-ratio', opts.maxFatalRatio, 0, 1),
      };
      const timeoutMs = Math.round(parseNumberOption('--timeout', opts.timeout, 0.001, 3600) * 1000);
      const gate = await import('../../gate/evaluate');
      const io = await import('../../gate/sources');
      const { GATE_SERIES } = await import('../../model/conventions');

      let observation;
      if (opts.prometheusUrl !== undefined) {
        const source = { kind: 'prometheus-url' as const, location: opts.prometheusUrl };
        const [parity, ratio] = await Promise.all([
          io.queryPrometheus(opts.prometheusUrl, GATE_SERIES.parityRollingAvg, timeoutMs),
          io.queryPrometheus(opts.prometheusUrl, GATE_SERIES.fatalRatioRule, timeoutMs),
        ]);
        observation = gate.observePrometheus(source, parity, ratio);
      } else {
        const source =
          opts.metricsUrl !== undefined
            ? { kind: 'metrics-url' as const, location: opts.metricsUrl }
            : { kind: 'metrics-file' as const, location: opts.metricsFile! };
        const text =
          source.kind === 'metrics-url'
            ? await io.fetchExposition(source.location, timeoutMs)
            : await io.readExpositionFile(resolvePath(ctx, source.location), source.location);
        observation = text.ok ? gate.observeExposition(text.text, source, text.openMetrics) : gate.unreachableObservation(source, text.message, 'counters');
      }
      const report = gate.evaluateGate(observation, thresholds, { allowMissing: opts.allowMissing === true });
      const exitCode = report.status === 'breach' ? ExitCode.GATE_BREACHED : report.passed ? ExitCode.OK : ExitCode.GATE_DATA_MISSING;
      const out = renderReport(
        buildReport({ tool: 'ci-gate', exitCode, stats: { ...report }, findings: gateFindings(report), summary: gate.renderGateText(report).split('\n')[0]! }),
        opts.format,
        { color: () => wantsColor(ctx.io.env, ctx.io.stderrIsTty) },
      );
      if (out.stdout) ctx.io.stdout(out.stdout);
      if (out.stderr) ctx.io.stderr(out.stderr);
      ctx.exitCode = exitCode;
    });
}

/** The gate's reasons as findings: breaches and missing data are errors (warnings under --allow-missing), notes are info. */
function gateFindings(report: GateReport): Finding[] {
  const location = { file: report.source.location };
  const reasons = report.reasons.map(
    (r): Finding => ({
      ruleId: `gate/${r.code.replace(/_/g, '-')}`,
      severity: r.kind === 'note' ? 'info' : r.kind === 'missing' && report.allow_missing ? 'warning' : 'error',
      message: r.message,
      location,
      context: { code: r.code, kind: r.kind },
    }),
  );
  return [...reasons, ...report.warnings.map((w): Finding => ({ ruleId: 'gate/allow-missing', severity: 'warning', message: w, location }))];
}
