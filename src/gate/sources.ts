/**
 * I/O for the gate and the live checks: read an exposition from a URL (content-negotiated as
 * Prometheus scrapes) or a file, and call the Prometheus HTTP API with per-request timeouts.
 */
import { readFileSync } from 'node:fs';
import type { PromQueryOutcome, PromSeries } from './evaluate';
import { parseValue } from './exposition';

/** Text of a metrics endpoint or file (and whether it is OpenMetrics), or why it could not be read. Never throws. */
export type TextOutcome = { ok: true; text: string; openMetrics: boolean } | { ok: false; message: string };

/** The Accept header Prometheus scrapes with: OpenMetrics preferred, the text format next. */
export const SCRAPE_ACCEPT = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** GET `url` with a timeout, asking for OpenMetrics as Prometheus does; non-2xx is a failure. */
export async function fetchExposition(url: string, timeoutMs: number): Promise<TextOutcome> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: SCRAPE_ACCEPT } });
    if (!res.ok) return { ok: false, message: `GET ${url}: HTTP ${res.status} ${res.statusText}` };
    const openMetrics = (res.headers.get('content-type') ?? '').startsWith('application/openmetrics-text');
    return { ok: true, text: await res.text(), openMetrics };
  } catch (err) {
    return { ok: false, message: `GET ${url}: ${describeFetchError(err, timeoutMs)}` };
  }
}

/** Where an exposition comes from: `--metrics-url` or `--metrics-file` (its absolute path and its display). */
export type ScrapeSource = { url: string } | { file: string; shown: string };

/** Read the exposition of `source`. */
export function scrape(source: ScrapeSource, timeoutMs: number): Promise<TextOutcome> {
  return 'url' in source ? fetchExposition(source.url, timeoutMs) : readExpositionFile(source.file, source.shown);
}

/**
 * Read an exposition file; it is OpenMetrics when it ends in `# EOF`, as that format requires.
 * Read at once (node:fs/promises and the streams it loads cost more than the read of one file).
 */
export async function readExpositionFile(file: string, shown: string): Promise<TextOutcome> {
  try {
    const text = readFileSync(file, 'utf8');
    // `# EOF` and its line ending are at most 7 characters: the last 8 hold the line and what precedes it
    return { ok: true, text, openMetrics: /(?:^|\n)# EOF\r?\n?$/.test(text.slice(-8)) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, message: `${shown}: ${code === 'ENOENT' ? 'file not found' : (err as Error).message}` };
  }
}

/** What one Prometheus API call gave: its `data`, or why not. `unreachable`: no HTTP answer at all. */
export type ApiOutcome = { ok: true; data: unknown } | { ok: false; unreachable: boolean; message: string };

/**
 * `GET <base>/api/v1/<endpoint>?<params>` with a timeout. A network error, a timeout or an invalid
 * base URL is `unreachable`; an HTTP or API error (a bad query) is a failed call. Never throws.
 */
export async function callPrometheusApi(baseUrl: string, endpoint: string, params: Record<string, string>, timeoutMs: number): Promise<ApiOutcome> {
  let url: URL;
  try {
    url = new URL(`api/v1/${endpoint}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    return { ok: false, unreachable: true, message: `invalid Prometheus URL "${baseUrl}"` };
  }
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    return { ok: false, unreachable: true, message: `GET ${url.href}: ${describeFetchError(err, timeoutMs)}` };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, unreachable: false, message: `GET ${url.href}: HTTP ${res.status}, response is not JSON` };
  }
  const b = body as { status?: string; error?: string; data?: unknown };
  if (!res.ok || b.status !== 'success') return { ok: false, unreachable: false, message: `HTTP ${res.status}: ${b.error ?? `${endpoint} failed`}` };
  return { ok: true, data: b.data };
}

/**
 * Instant query `query` via `GET <base>/api/v1/query`, expecting an instant vector. A network
 * error or timeout is `unreachable`; an HTTP or API error (bad query, non-vector result) is a failed query.
 */
export async function queryPrometheus(baseUrl: string, query: string, timeoutMs: number): Promise<PromQueryOutcome> {
  const called = await callPrometheusApi(baseUrl, 'query', { query }, timeoutMs);
  if (!called.ok) return called;
  const data = called.data as { resultType?: string; result?: unknown } | undefined;
  if (data?.resultType !== 'vector' || !Array.isArray(data.result)) {
    return { ok: false, unreachable: false, message: `expected an instant vector, got ${String(data?.resultType)}` };
  }
  const series: PromSeries[] = [];
  for (const r of data.result as Array<{ metric?: Record<string, string>; value?: [number, string] }>) {
    // the API formats sample values as Go floats ("1.5", "NaN", "+Inf", "-Inf"); anything unreadable is NaN
    series.push({ labels: r.metric ?? {}, value: parseValue(r.value?.[1] ?? '') ?? NaN });
  }
  return { ok: true, series };
}

/** `fn` over `items` with at most `limit` calls in flight; results in item order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  type Cause = { code?: string; message?: string; errors?: Cause[] };
  const e = err as Error & { cause?: Cause };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  // undici wraps the socket error, and for a host with several addresses an AggregateError of them
  const cause = e.cause?.code ? e.cause : e.cause?.errors?.find((c) => c.code);
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return e.cause?.message ? `${e.message}: ${e.cause.message}` : e.message;
}
