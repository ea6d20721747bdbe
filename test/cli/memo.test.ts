/** Memoised read-only commands replay exactly what a fresh run prints, and any input change is seen. */
import { readFileSync, writeFileSync, cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';

describe('memoised checks', () => {
  const ws = tempWorkspace();
  const cache = join(ws.dir, 'cache');
  const env = { G6_CACHE_DIR: cache };
  afterAll(() => ws.cleanup());

  it('a replayed validate-spec prints the same bytes and exit code as an uncached run', () => {
    const spec = 'test/fixtures/invalid-specs/buckets-unsorted.yml';
    const fresh = runG6(['validate-spec', '--spec', spec], { env: { G6_NO_CACHE: '1' } });
    const first = runG6(['validate-spec', '--spec', spec], { env });
    const replay = runG6(['validate-spec', '--spec', spec], { env });
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    for (const r of [first, replay]) {
      expect(r).toEqual(fresh);
    }
    expect(fresh.code).toBe(3);
  });

  it('an edit to the spec or to a checked output file is never hidden by the cache', () => {
    const out = join(ws.dir, 'gen');
    const spec = join(ws.dir, 'small.yml');
    cpSync(join(REPO_ROOT, 'test/fixtures/spec/small.yml'), spec);
    expect(runG6(['gen-metrics', '--spec', spec, '--out', out], { env }).code).toBe(0);
    expect(runG6(['gen-metrics', '--spec', spec, '--out', out, '--check'], { env }).code).toBe(0);
    expect(runG6(['gen-metrics', '--spec', spec, '--out', out, '--check'], { env }).code).toBe(0);

    const catalog = join(out, 'METRICS_CATALOG.md');
    const original = readFileSync(catalog, 'utf8');
    writeFileSync(catalog, `${original}extra\n`);
    expect(runG6(['gen-metrics', '--spec', spec, '--out', out, '--check'], { env }).code).toBe(5);
    writeFileSync(catalog, original);
    expect(runG6(['gen-metrics', '--spec', spec, '--out', out, '--check'], { env }).code).toBe(0);

    writeFileSync(spec, readFileSync(spec, 'utf8').replace('Rows ingested', 'Rows stored'));
    expect(runG6(['gen-metrics', '--spec', spec, '--out', out, '--check'], { env }).code).toBe(5);
  });
});
