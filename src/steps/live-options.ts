/** Options of the steps that read a live source (check-live, infer), declared once. */
import { UsageError } from '../core/errors';
import type { ScrapeSource } from '../gate/sources';
import type { StepOption } from './step';
import type { Workspace } from './workspace';

export const metricsUrlOption: StepOption = { flags: '--metrics-url <url>', description: 'scrape this metrics endpoint (OpenMetrics or text format, negotiated as Prometheus does)' };
export const metricsFileOption: StepOption = { flags: '--metrics-file <file>', description: 'read this exposition file (OpenMetrics when it ends in # EOF)' };
export const prefixOption: StepOption = { flags: '--prefix <prefix...>', description: 'metric name prefixes in scope (default for check-live: the first word of every spec metric, e.g. g6_)' };

/** A number of seconds in (0, 3600], for --timeout. */
export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError('expected seconds, more than 0 and at most 3600');
  return n;
}

export const timeoutOption: StepOption = { flags: '--timeout <seconds>', description: 'timeout of each HTTP request', default: 5, parse: seconds };

export interface ScrapeOptions {
  metricsUrl?: string;
  metricsFile?: string;
}

/** The scrape source the options give, with how findings name it; `required` makes a missing one a usage error. */
export function scrapeSourceOf(ws: Workspace, o: ScrapeOptions, required: boolean): { source: ScrapeSource; shown: string } | undefined {
  if (o.metricsUrl !== undefined && o.metricsFile !== undefined) throw new UsageError('give one of --metrics-url URL or --metrics-file FILE, not both');
  if (o.metricsUrl !== undefined) return { source: { url: o.metricsUrl }, shown: o.metricsUrl };
  if (o.metricsFile !== undefined) {
    const shown = ws.display(o.metricsFile);
    return { source: { file: ws.resolve(o.metricsFile), shown }, shown };
  }
  if (required) throw new UsageError('give --metrics-url URL or --metrics-file FILE');
  return undefined;
}
