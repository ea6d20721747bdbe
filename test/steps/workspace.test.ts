/** The Workspace: inputs loaded once per process, read again when their bytes change, named as the user sees them. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDashboardPaths } from '../../src/auditors/read-dashboards';
import type { Artifact } from '../../src/core/artifacts';
import { generateDashboards } from '../../src/generators/dashboards/generate-dashboards';
import { ruleFileArtifact } from '../../src/rules/rule-file';
import { SpecInvalidError, Workspace } from '../../src/steps/workspace';
import { REPO_ROOT, tempWorkspace } from '../support/cli';

const SMALL = readFileSync(join(REPO_ROOT, 'test/fixtures/spec/small.yml'), 'utf8');
const RULES = 'groups:\n  - name: g\n    rules:\n      - record: a:rate_5m\n        expr: sum(rate(a_total[5m]))\n';

let ws: { dir: string; cleanup(): void };
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.cleanup());

it('checks an unchanged spec once, and again when its bytes change', () => {
  writeFileSync(join(ws.dir, 'spec.yml'), SMALL);
  const w = new Workspace(ws.dir, {});
  const first = w.spec('spec.yml');
  expect(w.spec('./spec.yml')).toBe(first);
  expect(w.model(join(ws.dir, 'spec.yml'))).toBe(first.check!.model);
  writeFileSync(join(ws.dir, 'spec.yml'), SMALL.replace(/help: ([^\n]*)/, 'help: $1 Edited.'));
  const second = w.spec('spec.yml');
  expect(second).not.toBe(first);
  expect(second.check!.model.specHash).not.toBe(first.check!.model.specHash);
});

it('lints expressions only when asked, on top of the same check', () => {
  writeFileSync(join(ws.dir, 'spec.yml'), SMALL);
  const w = new Workspace(ws.dir, {});
  const base = w.spec('spec.yml');
  const linted = w.spec('spec.yml', { expressions: true });
  expect(linted.check!.model).toBe(base.check!.model);
  expect(w.spec('spec.yml', { expressions: true })).toBe(linted);
});

it('a YAML syntax error is a located finding, and the model is refused with every error', () => {
  writeFileSync(join(ws.dir, 'bad.yml'), 'version: 1\nfamilies: [\n');
  const w = new Workspace(ws.dir, {});
  expect(w.spec('bad.yml').findings).toEqual([expect.objectContaining({ ruleId: 'spec/yaml-syntax', severity: 'error', location: expect.objectContaining({ file: 'bad.yml', line: 3 }) })]);
  expect(() => w.model('bad.yml')).toThrow(SpecInvalidError);
});

it('re-reads a rule file another step rewrote', () => {
  writeFileSync(join(ws.dir, 'r.yml'), RULES);
  const w = new Workspace(ws.dir, {});
  const first = w.ruleFile('r.yml');
  expect(w.ruleFile('r.yml')).toBe(first);
  writeFileSync(join(ws.dir, 'r.yml'), RULES.replace('a:rate_5m', 'b:rate_5m'));
  expect(w.ruleFile('r.yml').groups[0]!.rules[0]).toMatchObject({ record: 'b:rate_5m' });
});

it.each([
  ['./spec/x.yml', 'spec/x.yml'],
  ['spec//x.yml', 'spec/x.yml'],
  ['../x.yml', '../x.yml'],
])('names %s as %s', (given, shown) => {
  expect(new Workspace(ws.dir, {}).display(given)).toBe(shown);
});

it('names an absolute path inside the working directory relatively, and one outside as given', () => {
  const w = new Workspace(ws.dir, {});
  expect(w.display(join(ws.dir, 'spec/x.yml'))).toBe('spec/x.yml');
  expect(w.display('/elsewhere/x.yml')).toBe('/elsewhere/x.yml');
});

describe('generated rule files', () => {
  const generated = (expr: string) => ruleFileArtifact('r.yml', { groups: [{ name: 'g', rules: [{ record: 'a:rate_5m', expr }] }] }, ['generated']);

  it('are taken as generated while the file holds their content, and parsed once it differs', () => {
    const artifact = generated('sum(rate(a_total[5m]))');
    writeFileSync(join(ws.dir, 'r.yml'), artifact.content);
    const w = new Workspace(ws.dir, {});
    w.generated([artifact]);
    expect(w.ruleFile('r.yml')).toBe(artifact.parsed);
    writeFileSync(join(ws.dir, 'r.yml'), RULES.replace('a:rate_5m', 'b:rate_5m'));
    expect(w.ruleFile('r.yml').groups[0]!.rules[0]).toMatchObject({ record: 'b:rate_5m' });
  });

  it("holding a spec's expression that does not parse are left to the parser, which reports it", () => {
    const bad = 'sum(rate(a_total[5m])) > > 1';
    writeFileSync(join(ws.dir, 'spec.yml'), `${SMALL.trimEnd()}\nrecording_rules:\n  - record: a:rate_5m\n    expr: ${bad}\n`);
    const artifact = generated(bad);
    writeFileSync(join(ws.dir, 'r.yml'), artifact.content);
    const w = new Workspace(ws.dir, {});
    w.spec('spec.yml');
    w.generated([artifact]);
    expect(() => w.ruleFile('r.yml')).toThrow(/r\.yml:\d+:\d+ \/groups\/0\/rules\/0\/expr: PromQL does not parse/);
  });
});

it('scans a dashboard once for every reader, and again when its bytes change', () => {
  const dashboard = (title: string) => JSON.stringify({ title, panels: [{ type: 'timeseries', title: 'p', targets: [{ refId: 'A', expr: 'sum(rate(a_total[5m]))' }] }] });
  writeFileSync(join(ws.dir, 'd.json'), dashboard('one'));
  const w = new Workspace(ws.dir, {});
  const first = readDashboardPaths(['d.json'], w, w);
  expect(readDashboardPaths([join(ws.dir, 'd.json')], w, w)[0]).toBe(first[0]);
  writeFileSync(join(ws.dir, 'd.json'), dashboard('two'));
  expect(readDashboardPaths(['d.json'], w, w)[0]!.title).toBe('two');
});

describe('generated dashboards', () => {
  /** The shipped spec's dashboards as gen-dashboards hands them over, written into the temp folder. */
  const shipped = (): Artifact[] => {
    const repo = new Workspace(REPO_ROOT, {});
    const model = repo.model('spec/metrics.yml');
    return generateDashboards(model, repo.plan('spec/dashboards.yml', model)).dashboards.map((d) => {
      writeFileSync(join(ws.dir, d.file), d.content);
      return { path: d.file, content: d.content, kind: 'dashboard' as const, label: d.plan.slug, parsed: d.dashboard };
    });
  };

  it('are scanned from the objects while the files hold their content, exactly as from the files', () => {
    const artifacts = shipped();
    expect(artifacts.length).toBeGreaterThan(1);
    const files = artifacts.map((a) => a.path);
    const handedOver = new Workspace(ws.dir, {});
    handedOver.generated(artifacts);
    const scans = readDashboardPaths(files, handedOver, handedOver);
    expect(scans.flatMap((s) => s.targets).length).toBeGreaterThan(10);
    expect(scans).toEqual(readDashboardPaths(files, new Workspace(ws.dir, {}), undefined));
    expect(readDashboardPaths(files, handedOver, handedOver)[0]).toBe(scans[0]);
  });

  it('take the object handed over, not a parse of the file that holds its content', () => {
    const [first] = shipped();
    const w = new Workspace(ws.dir, {});
    w.generated([{ ...first!, parsed: { ...(first!.parsed as object), title: 'from the hand-over' } }]);
    expect(readDashboardPaths([first!.path], w, w)[0]!.title).toBe('from the hand-over');
  });

  it('are read from the file once it differs from what was generated', () => {
    const [first] = shipped();
    const w = new Workspace(ws.dir, {});
    w.generated([first!]);
    writeFileSync(join(ws.dir, first!.path), JSON.stringify({ ...(first!.parsed as object), title: 'Edited' }));
    expect(readDashboardPaths([first!.path], w, w)[0]!.title).toBe('Edited');
  });
});
