/** A real Prometheus for tests: the generated rule files rewritten for seconds-long runs, a server on a free loopback port. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { REPO_ROOT } from './cli';
import { freePort, managedServer } from './servers';

export const PROMETHEUS = '/usr/bin/prometheus';
export const RULE_FILES = ['recording_rules.yml', 'alerts.yml', 'alert_suggestions.yml'];

/**
 * Copy the generated rule files `names` into `dir`, rewritten for a short test: every group is
 * evaluated every second and every alert `for` is 1s (instead of 5m–15m), so pending/firing shows
 * up in seconds. The expressions are untouched.
 */
export function writeTestRules(dir: string, names: readonly string[] = RULE_FILES): string[] {
  const out: string[] = [];
  for (const name of names) {
    const src = join(REPO_ROOT, 'rules', name);
    if (!existsSync(src)) throw new Error(`${src} missing: run g6 gen-recording-rules / gen-alerts / gen-alert-suggestions first`);
    const doc = load(readFileSync(src, 'utf8')) as { groups: Array<{ interval?: string; rules: Array<Record<string, unknown>> }> };
    for (const g of doc.groups) {
      g.interval = '1s';
      for (const r of g.rules) if (r.for !== undefined) r.for = '1s';
    }
    const file = join(dir, name);
    writeFileSync(file, dump(doc, { lineWidth: -1 }));
    out.push(file);
  }
  return out;
}

export interface Prom {
  url: string;
  stop(): Promise<void>;
}

/** Start Prometheus in `dir` scraping `targets` every second with `ruleFiles`; resolves once /-/ready answers. */
export async function startPrometheus(dir: string, targets: readonly string[], ruleFiles: readonly string[]): Promise<Prom> {
  if (!existsSync(PROMETHEUS)) throw new Error('prometheus not found: apt-get install -y prometheus');
  const port = await freePort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    scrape_configs: [{ job_name: 'g6', static_configs: [{ targets }] }],
  };
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, dump(config));
  mkdirSync(join(dir, 'tsdb'), { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const server = managedServer(
    PROMETHEUS,
    [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, '--log.level=warn'],
    dir,
    async () => (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok,
  );
  await server.start();
  return { url, stop: () => server.stop() };
}

export interface QueryResult {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

/** An instant query. */
export async function queryPrometheus(prom: Prom, expr: string): Promise<QueryResult> {
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal: AbortSignal.timeout(5000) });
  return (await res.json()) as QueryResult;
}
