/** `g6 gen-dashboards` through the real bin/g6: write, --verify tokens, read-only verify, --only, --dry-run, --inventory. */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';

const SPEC = 'spec/metrics.yml';
const PLAN = 'spec/dashboards.yml';
const OUT = 'out';

interface Workspace {
  dir: string;
  cleanup(): void;
  run(args: readonly string[], env?: Record<string, string>): ReturnType<typeof runG6>;
  read(rel: string): string;
  write(rel: string, text: string): void;
  json(rel: string): Record<string, any>;
}

/** A temp dir holding the fixture spec and plan, generated once into out/. */
function workspace(): Workspace {
  const ws = tempWorkspace();
  mkdirSync(join(ws.dir, 'spec'));
  copyFileSync(join(REPO_ROOT, 'test/fixtures/spec/small.yml'), join(ws.dir, SPEC));
  copyFileSync(join(REPO_ROOT, 'test/fixtures/dashboards/plan.yml'), join(ws.dir, PLAN));
  const w: Workspace = {
    ...ws,
    run: (args, env) => runG6(['gen-dashboards', '--spec', SPEC, '--plan', PLAN, '--output', OUT, ...args], { cwd: ws.dir, env }),
    read: (rel) => readFileSync(join(ws.dir, rel), 'utf8'),
    write: (rel, text) => writeFileSync(join(ws.dir, rel), text),
    json: (rel) => JSON.parse(readFileSync(join(ws.dir, rel), 'utf8')) as Record<string, any>,
  };
  const first = w.run([]);
  expect(first.code).toBe(0);
  return w;
}

function verifyTokens(w: Workspace, extra: readonly string[] = []): { code: number; tokens: string[]; stderr: string } {
  const res = w.run(['--verify', '--format', 'json', ...extra]);
  const report = JSON.parse(res.stdout) as { stats: { tokens: string[] } };
  return { code: res.code, tokens: report.stats.tokens, stderr: res.stderr };
}

function snapshot(dir: string): Map<string, { bytes: string; mtimeMs: number }> {
  const out = new Map<string, { bytes: string; mtimeMs: number }>();
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (statSync(join(dir, f)).isFile()) out.set(f, { bytes: readFileSync(join(dir, f), 'utf8'), mtimeMs: statSync(join(dir, f)).mtimeMs });
  }
  return out;
}

describe('g6 gen-dashboards', () => {
  let w: Workspace;
  beforeEach(() => {
    w = workspace();
  });
  afterEach(() => w.cleanup());

  it('writes one file per plan and the manifest (in a hidden folder Grafana does not provision), byte-identical on a rerun', () => {
    const before = snapshot(join(w.dir, OUT));
    expect([...before.keys()]).toEqual(['.g6/manifest.json', 'everything_old_format.json', 'ingest.json', 'system.json']);
    for (const f of ['ingest.json', 'system.json', 'everything_old_format.json', '.g6/manifest.json']) {
      expect(before.get(f)!.bytes).toBe(readFileSync(join(REPO_ROOT, 'test/golden/dashboards', f.replace('.g6/', '')), 'utf8'));
    }
    const again = w.run([]);
    expect(again.code).toBe(0);
    const after = snapshot(join(w.dir, OUT));
    for (const [f, s] of before) expect(after.get(f)).toEqual(s);
    const manifest = w.json(`${OUT}/.g6/manifest.json`);
    expect(manifest).toMatchObject({ count: 3, generator_version: expect.any(String), spec_hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(JSON.stringify(manifest)).not.toMatch(/generated_at|timestamp/);
  });

  it('--verify passes on fresh output and writes nothing (bytes and mtimes unchanged)', () => {
    w.write(`${OUT}/ingest.json`, w.read(`${OUT}/ingest.json`).replace('"title": "Ingest p95"', '"title": "Edited"'));
    const before = snapshot(join(w.dir, OUT));
    const res = w.run(['--verify']);
    expect(res.code).toBe(6);
    expect(snapshot(join(w.dir, OUT))).toEqual(before);
    w.run([]);
    const clean = w.run(['--verify']);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toMatch(/match the spec/);
  });

  it('--verify reports missing, unreadable and orphan files', () => {
    w.write(`${OUT}/system.json`, '{ not json');
    require('node:fs').unlinkSync(join(w.dir, OUT, 'ingest.json'));
    w.write(`${OUT}/stale_board.json`, '{}');
    const r = verifyTokens(w);
    expect(r.code).toBe(6);
    expect(r.tokens).toEqual(['missing:ingest', 'unreadable:system', 'orphan:stale_board.json']);
    const text = w.run(['--verify']);
    expect(text.stderr).toContain('SEMANTIC DRIFT DETECTED: missing:ingest, unreadable:system, orphan:stale_board.json');
  });

  it('--verify reports a retitle as a rename, a new expression as a change', () => {
    const d = w.json(`${OUT}/ingest.json`);
    const p95 = d.panels.find((p: any) => p.title === 'Ingest p95');
    p95.title = 'Ingest latency p95';
    const rows = d.panels.find((p: any) => p.title === 'Rows per second by table');
    rows.targets[0].expr = 'sum by (table) (rate(g6_ingest_rows_total[1m]))';
    w.write(`${OUT}/ingest.json`, JSON.stringify(d, null, 2));
    const r = verifyTokens(w);
    expect(r.tokens).toEqual(['changed:ingest:1', 'renamed:ingest:1']);
    const verbose = w.run(['--verify', '--verbose']);
    const lines = verbose.stderr.split('\n');
    const begin = lines.indexOf('DRIFT_DETAILS_BEGIN');
    expect(lines[begin + 2]).toBe('DRIFT_DETAILS_END');
    expect(JSON.parse(lines[begin + 1]!)).toEqual({
      added_titles: [],
      changed_titles: ['Rows per second by table'],
      removed_titles: [],
      renamed: [{ from: 'Ingest latency p95', to: 'Ingest p95' }],
      slug: 'ingest',
    });
    expect(w.run(['--verify'], { G6_DASHBOARD_DIFF_VERBOSE: '1' }).stderr).toContain('DRIFT_DETAILS_BEGIN');
  });

  it('--verify reports deleted panels as added and extra panels as removed', () => {
    const d = w.json(`${OUT}/ingest.json`);
    const removed = d.panels.splice(1, 1);
    d.panels.push({ ...removed[0], title: 'Hand-made', g6_meta: {}, targets: [{ expr: 'vector(1)', refId: 'A' }] });
    w.write(`${OUT}/ingest.json`, JSON.stringify(d));
    expect(verifyTokens(w).tokens).toEqual(['added:ingest:1', 'removed:ingest:1']);
  });

  it('--verify reports a manifest edit', () => {
    const m = w.json(`${OUT}/.g6/manifest.json`);
    m.dashboards[0].panel_count = 99;
    w.write(`${OUT}/.g6/manifest.json`, JSON.stringify(m));
    expect(verifyTokens(w).tokens).toEqual(['stale:manifest']);
  });

  it('--verify reports hash drift when the spec content changes', () => {
    w.write(SPEC, w.read(SPEC).replace('help: Resident set size in bytes.', 'help: Resident set size, bytes.'));
    const r = verifyTokens(w);
    expect(r.tokens).toEqual(['hash:ingest', 'hash:system', 'hash:everything_old_format', 'stale:manifest']);
  });

  it('--verify sees no drift after layout-only edits, CRLF line endings or comment-only spec edits', () => {
    const d = w.json(`${OUT}/ingest.json`);
    for (const p of d.panels) p.gridPos = { ...p.gridPos, y: p.gridPos.y + 3, h: 5 };
    d.panels.reverse();
    w.write(`${OUT}/ingest.json`, JSON.stringify(d));
    w.write(SPEC, `# a new comment\n${w.read(SPEC)}`.replace(/\n/g, '\r\n'));
    w.write(PLAN, w.read(PLAN).replace(/\n/g, '\r\n'));
    const r = verifyTokens(w);
    expect(r.tokens).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('--only generates and verifies the named dashboards; an unknown slug exits 2 naming the valid ones', () => {
    const res = w.run(['--only', 'nope,system']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown dashboard slug(s): nope; valid slugs: ingest, system, everything_old_format');
    require('node:fs').unlinkSync(join(w.dir, OUT, 'ingest.json'));
    expect(verifyTokens(w, ['--only', 'system'])).toMatchObject({ code: 0, tokens: [] });
    expect(verifyTokens(w, ['--only', 'ingest']).tokens).toEqual(['missing:ingest']);
  });

  it('--dry-run prints the plan summary and spec hash and writes nothing', () => {
    const before = snapshot(join(w.dir, OUT));
    const res = runG6(['gen-dashboards', '--spec', SPEC, '--plan', PLAN, '--output', 'elsewhere', '--dry-run'], { cwd: w.dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Plan Summary:\n {2}- ingest: families=\[ingest\] panels=\d+\n/);
    expect(res.stdout).toMatch(/Spec hash: [0-9a-f]{16}\n$/);
    expect(readdirSync(w.dir).sort()).toEqual([OUT, 'spec']);
    expect(snapshot(join(w.dir, OUT))).toEqual(before);
  });

  it('a plan naming an unknown family or a duplicate slug exits 3 with file:line:col and pointer', () => {
    w.write(PLAN, 'dashboards:\n  - slug: a\n    families: [ingest, nope]\n  - slug: a\n    families: [system]\n');
    const res = w.run([]);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('spec/dashboards.yml:3:24 /dashboards/0/families/1: plan "a" names unknown family "nope"; fix: use one of: ingest, system');
    expect(res.stderr).toContain('spec/dashboards.yml:4:11 /dashboards/1/slug: duplicate dashboard slug "a"');
    w.write(PLAN, 'dashboards:\n  - slug: a\n    famlies: [ingest]\n');
    expect(w.run([]).stderr).toContain('spec/dashboards.yml:3:5 /dashboards/0/famlies: unknown field "famlies"');
  });

  it('--inventory writes one row per panel as CSV or JSON Lines', () => {
    expect(w.run(['--inventory', 'inv.csv']).code).toBe(0);
    expect(w.read('inv.csv')).toBe(readFileSync(join(REPO_ROOT, 'test/golden/dashboards/inventory.csv'), 'utf8'));
    expect(w.run(['--inventory', 'inv.jsonl']).code).toBe(0);
    const rows = w.read('inv.jsonl').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toEqual(expect.objectContaining({ slug: 'ingest', panel_uuid: expect.any(String), id: expect.any(Number), expressions: expect.any(Array) }));
    expect(w.run(['--inventory', 'inv.txt']).code).toBe(2);
  });
});

it('the committed dashboards are current with spec/', () => {
  const res = runG6(['gen-dashboards', '--verify']);
  expect(res.stderr).toMatch(/match the spec/);
  expect(res.code).toBe(0);
});
