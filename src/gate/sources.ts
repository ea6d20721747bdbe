/** I/O for the gate: read an exposition from a URL or file, and run instant queries against Prometheus. */
import { readFile } from 'node:fs/promises';
import type { PromQueryOutcome, PromSeries } from './evaluate';
import { parseValue } from './exposition';

/** Text of a metrics endpoint or file, or why it could not be read. Never throws. */
export type TextOutcome = { ok: true; text: string } | { ok: false; message: string };

/** GET `url` with a timeout; non-2xx is a failure. */
export async function fetchExposition(url: string, timeoutMs: number): Promise<TextOutcome> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' } });
    if (!res.ok) return { ok: false, message: `GET ${url}: HTTP ${res.status} ${res.statusText}` };
    return { ok: true, text: await res.text() };
  } catch (err) {
    return { ok: false, message: `GET ${url}: ${describeFetchError(err, timeoutMs)}` };
  }
}

/** Read an exposition file. */
export async function readExpositionFile(file: string, shown: string): Promise<TextOutcome> {
  try {
    return { ok: true, text: await readFile(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, message: `${shown}: ${code === 'ENOENT' ? 'file not found' : (err as Error).message}` };
  }
}

/**
 * Instant query `query` via `GET <base>/api/v1/query`. A network error or timeout is `unreachable`;
 * an HTTP or API error (bad query, non-vector result) is a failed query.
 */
export async function queryPrometheus(baseUrl: string, query: string, timeoutMs: number): Promise<PromQueryOutcome> {
  let url: URL;
  try {
    url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    return { ok: false, unreachable: true, message: `invalid Prometheus URL "${baseUrl}"` };
  }
  url.searchParams.set('query', query);
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
  const b = body as { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  if (!res.ok || b.status !== 'success') {
    return { ok: false, unreachable: false, message: `HTTP ${res.status}: ${b.error ?? 'query failed'}` };
  }
  if (b.data?.resultType !== 'vector' || !Array.isArray(b.data.result)) {
    return { ok: false, unreachable: false, message: `expected an instant vector, got ${String(b.data?.resultType)}` };
  }
  const series: PromSeries[] = [];
  for (const r of b.data.result as Array<{ metric?: Record<string, string>; value?: [number, string] }>) {
    // the API formats sample values as Go floats ("1.5", "NaN", "+Inf", "-Inf"); anything unreadable is NaN
    series.push({ labels: r.metric ?? {}, value: parseValue(r.value?.[1] ?? '') ?? NaN });
  }
  return { ok: true, series };
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
