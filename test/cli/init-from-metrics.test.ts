/** `g6 init --from-metrics`: a project drafted from the real `g6 run`'s /metrics validates, generates and verifies. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runG6, tempWorkspace } from '../support/cli';
import { startG6Run, type RunningG6 } from '../runtime/run-process';

let run: RunningG6;
let ws: { dir: string; cleanup(): void };
beforeAll(async () => {
  ws = tempWorkspace();
  run = await startG6Run(['--listen', '127.0.0.1:0', '--interval', '1', '--data-dir', join(ws.dir, 'data')]);
});
afterAll(async () => {
  await run.stop();
  ws.cleanup();
});

it('drafts the spec from the service, one dashboard per family, and the project is current after generate', () => {
  const init = runG6(['init', '--from-metrics', `http://${run.address}/metrics`, '--prefix', 'g6_'], { cwd: ws.dir });
  expect(init.code).toBe(0);
  for (const f of ['.g6.yml', 'spec/metrics.yml', 'spec/dashboards.yml']) expect(existsSync(join(ws.dir, f))).toBe(true);
  const spec = readFileSync(join(ws.dir, 'spec/metrics.yml'), 'utf8');
  expect(spec).toContain('name: g6_pipeline_cycles_total');
  expect(readFileSync(join(ws.dir, 'spec/dashboards.yml'), 'utf8')).toContain('- slug: pipeline\n    families: [pipeline]');
  expect(runG6(['validate-spec'], { cwd: ws.dir }).code).toBe(0);
  expect(runG6(['generate'], { cwd: ws.dir }).code).toBe(0);
  expect(runG6(['verify'], { cwd: ws.dir }).code).toBe(0);
});

it('an unreachable service is exit 3 naming it, and nothing is written', () => {
  const empty = tempWorkspace();
  try {
    const r = runG6(['init', '--from-metrics', 'http://127.0.0.1:1/metrics', '--timeout', '2'], { cwd: empty.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--from-metrics http://127.0.0.1:1/metrics: cannot scrape it');
    expect(existsSync(join(empty.dir, '.g6.yml'))).toBe(false);
  } finally {
    empty.cleanup();
  }
});
