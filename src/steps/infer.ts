/**
 * infer: a draft metric spec from a live exposition. Without --output the draft goes to stdout,
 * so it can be read or piped and never replaces a spec by accident; with --output the one writer
 * writes it, and --check compares it with that file: drift means the service changed (exit 14).
 */
import { ExitCode } from '../cli/exit-codes';
import { UsageError } from '../core/errors';
import type { Finding } from '../core/findings';
import { inferSpec } from '../auditors/live/infer-spec';
import { parseExposition } from '../gate/exposition';
import { scrape, type TextOutcome } from '../gate/sources';
import type { Step } from './step';
import { metricsFileOption, metricsUrlOption, prefixOption, scrapeSourceOf, timeoutOption } from './live-options';

interface Options {
  metricsUrl?: string;
  metricsFile?: string;
  prefix?: string[];
  output?: string;
  timeout: number;
  gathered?: { shown: string; outcome: TextOutcome };
}

export const inferStep: Step<Options> = {
  id: 'infer',
  description: 'draft a metric spec from a running service (--metrics-url) or an exposition file: families, types, help, labels, budgets, buckets, label values',
  exitCode: ExitCode.LIVE_VIOLATIONS,
  checkFlag: '--check',
  options: [
    metricsUrlOption,
    metricsFileOption,
    { ...prefixOption, description: 'infer only metrics with these name prefixes; each family is named after the word that follows' },
    { flags: '--output <file>', description: 'write the draft here (default: print it on stdout)' },
    timeoutOption,
  ],
  inputs: (o) => (o.metricsFile ? [o.metricsFile] : []),
  async gather(ws, o) {
    const target = scrapeSourceOf(ws, o, true)!;
    return { ...o, gathered: { shown: target.shown, outcome: await scrape(target.source, o.timeout * 1000) } };
  },
  run(ws, o, mode) {
    if (mode === 'check' && o.output === undefined) throw new UsageError('--check compares the draft with a file: give --output FILE');
    const { shown, outcome } = o.gathered!;
    if (!outcome.ok) {
      const finding: Finding = { ruleId: 'live/source-unreachable', severity: 'error', message: `cannot read ${shown}: ${outcome.message}`, fix: 'check the address and that the service is running and reachable from here', location: { file: shown } };
      return { artifacts: [], findings: [finding], stats: { source: shown }, failureCode: ExitCode.GATE_DATA_MISSING };
    }
    const expo = parseExposition(outcome.text, { openMetrics: outcome.openMetrics });
    const draft = inferSpec(expo, { source: shown, prefixes: o.prefix ?? [] });
    const findings: Finding[] = draft.skipped.map((s) => ({ ruleId: 'live/inexpressible-metric', severity: 'info', message: `${s.name} (${s.type}) is not in the draft: ${s.reason}`, location: { file: shown }, context: { metric: s.name, type: s.type } }));
    // a draft from a malformed exposition would declare what Prometheus cannot scrape
    for (const i of expo.issues.slice(0, 20)) findings.push({ ruleId: 'input/invalid-exposition', severity: 'error', message: `line ${i.line}: ${i.message}`, fix: 'fix the exporter, then infer again', location: { file: shown, line: i.line } });
    const output = o.output !== undefined ? ws.display(o.output) : undefined;
    return {
      artifacts: output !== undefined ? [{ path: output, content: draft.text, kind: 'yaml' }] : [],
      findings,
      stats: { source: shown, families: draft.families, metrics: draft.metrics, skipped: draft.skipped.length, ...(output !== undefined ? { output } : {}) },
      ...(output === undefined ? { stdout: draft.text } : {}),
    };
  },
  summarize({ result }) {
    const s = result.stats as { source: string; families?: number; metrics?: number; skipped?: number; output?: string };
    if (s.metrics === undefined) return `infer: cannot read ${s.source}`;
    return `infer: ${s.metrics} metric(s) in ${s.families} famil${s.families === 1 ? 'y' : 'ies'} from ${s.source}${s.skipped ? `; ${s.skipped} left out (see the info findings)` : ''}${s.output ? ` → ${s.output}` : ''}`;
  },
};
