/** The one artifact writer: write rewrites what differs, check writes nothing and compares by meaning per kind. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '../../src/core/artifacts';
import { InputLimitError, inputLimits, setInputLimits } from '../../src/core/input-limits';
import { applyArtifacts } from '../../src/output/apply-artifacts';
import { tempWorkspace } from '../support/cli';

const FIX = 'run g6 test and commit the result';
const RULES = 'groups:\n  - name: g\n    rules:\n      - record: a:rate_5m\n        expr: sum(rate(a_total[5m]))\n';

let ws: { dir: string; cleanup(): void };
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.cleanup());

const put = (path: string, text: string): void => {
  mkdirSync(join(ws.dir, path, '..'), { recursive: true });
  writeFileSync(join(ws.dir, path), text);
};
const check = (artifacts: Artifact[], diff = false) => applyArtifacts(artifacts, ws.dir, 'check', { fix: FIX, diff });

describe('write mode', () => {
  it('writes missing and differing files, leaves identical ones untouched', () => {
    put('out/same.txt', 'same\n');
    const before = statSync(join(ws.dir, 'out/same.txt')).mtimeMs;
    const r = applyArtifacts(
      [
        { path: 'out/same.txt', content: 'same\n', kind: 'text' },
        { path: 'out/new/deep.txt', content: 'new\n', kind: 'text' },
      ],
      ws.dir,
      'write',
      { fix: FIX },
    );
    expect(r.statuses).toEqual([
      { path: 'out/same.txt', state: 'unchanged' },
      { path: 'out/new/deep.txt', state: 'written' },
    ]);
    expect(readFileSync(join(ws.dir, 'out/new/deep.txt'), 'utf8')).toBe('new\n');
    expect(statSync(join(ws.dir, 'out/same.txt')).mtimeMs).toBe(before);
    expect(readdirSync(join(ws.dir, 'out/new'))).toEqual(['deep.txt']);
  });
});

describe('check mode compares by kind and never writes', () => {
  it.each<[string, Artifact['kind'], string, string, string[]]>([
    ['text byte for byte', 'text', 'a\n', 'a \n', ['drift/stale']],
    ['YAML by meaning: key order and quoting do not count', 'yaml', 'a: 1\nb: "x"\n', "b: x\na: 1\n", []],
    ['YAML by meaning: a value does', 'yaml', 'a: 1\n', 'a: 2\n', ['drift/stale']],
    ['JSON by meaning: whitespace does not count', 'json', '{"a":1,"b":[1,2]}\n', '{ "b": [1, 2], "a": 1 }', []],
    ['JSON: invalid JSON on disk is stale', 'json', '{"a":1}\n', '{', ['drift/stale']],
    ['rules rule by rule: comments and spacing do not count', 'rules', RULES, `# hand comment\n${RULES.replace('sum(rate(a_total[5m]))', 'sum( rate(a_total[5m]) )')}`, []],
    ['rules: a changed expression is drift', 'rules', RULES, RULES.replace('[5m]', '[1m]'), ['drift/rules']],
    ['rules: an invalid rule file on disk is invalid input', 'rules', RULES, 'groups: [{name: g, rules: [{expr: x}]}]\n', ['input/invalid-artifact']],
  ])('%s', (_name, kind, generated, onDisk, ruleIds) => {
    put('f', onDisk);
    const r = check([{ path: 'f', content: generated, kind }]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(ruleIds);
    expect(readFileSync(join(ws.dir, 'f'), 'utf8')).toBe(onDisk);
  });

  describe('a file over the input limit', () => {
    const saved = inputLimits();
    beforeEach(() => setInputLimits({ ...saved, bytes: 1024 }));
    afterEach(() => setInputLimits(saved));
    const big = `${'x'.repeat(4096)}\n`;

    it('is read when g6 itself would write it that large: the same bytes are unchanged', () => {
      put('f', big);
      expect(check([{ path: 'f', content: big, kind: 'text' }]).statuses).toEqual([{ path: 'f', state: 'unchanged' }]);
    });

    it('is refused (exit 3) beyond twice the size of what g6 would write', () => {
      put('f', big.repeat(3));
      expect(() => check([{ path: 'f', content: big, kind: 'text' }])).toThrow(InputLimitError);
    });
  });

  it('a missing file is drift/missing with a token, and nothing is created', () => {
    const r = check([{ path: 'gen/x.txt', content: 'x\n', kind: 'text' }]);
    expect(r.statuses).toEqual([{ path: 'gen/x.txt', state: 'missing' }]);
    expect(r.findings[0]).toMatchObject({ ruleId: 'drift/missing', severity: 'error', fix: FIX, location: { file: 'gen/x.txt' }, context: { token: 'missing:gen/x.txt' } });
    expect(readdirSync(ws.dir)).toEqual([]);
  });

  it('rule drift names the rules added, removed and changed', () => {
    put('r.yml', RULES);
    const wanted = `${RULES.replace('[5m]', '[1m]')}      - record: b:rate_5m\n        expr: sum(rate(b_total[5m]))\n`;
    const [f] = check([{ path: 'r.yml', content: wanted, kind: 'rules' }]).findings;
    expect(f!.context!.rules).toEqual({ added: ['b:rate_5m'], removed: [], changed: [{ name: 'a:rate_5m', fields: ['expr'] }] });
    expect(f!.message).toContain('1 rule(s) would be added (b:rate_5m)');
  });

  it('--diff attaches a unified diff from the file on disk to the generated text', () => {
    put('t.txt', 'one\ntwo\n');
    const [f] = check([{ path: 't.txt', content: 'one\nthree\n', kind: 'text' }], true).findings;
    const diff = String(f!.context!.diff);
    expect(diff).toContain('--- t.txt\tcurrent');
    expect(diff).toContain('+++ t.txt\tgenerated');
    expect(diff).toMatch(/^-two$/m);
    expect(diff).toMatch(/^\+three$/m);
  });

  it('files in an owned folder that nothing generates are orphans: errors in check mode, warnings in write mode', () => {
    put('dash/a.json', '{}');
    put('dash/extra.json', '{}');
    put('dash/notes.md', 'not a dashboard');
    const artifacts: Artifact[] = [{ path: 'dash/a.json', content: '{}', kind: 'json' }];
    const owned = [{ dir: 'dash', ext: '.json', orphanFix: 'delete it' }];
    const checked = applyArtifacts(artifacts, ws.dir, 'check', { fix: FIX, owned });
    expect(checked.findings).toEqual([expect.objectContaining({ ruleId: 'drift/orphan', severity: 'error', fix: 'delete it', location: { file: 'dash/extra.json' }, context: { token: 'orphan:extra.json' } })]);
    const written = applyArtifacts(artifacts, ws.dir, 'write', { fix: FIX, owned });
    expect(written.findings.map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('temp files an interrupted write left behind', () => {
  // pid 2^22 + 1 is above Linux's pid_max, so no process can hold it
  const TEMP = 'gen/x.txt.4194305.deadbeef.tmp';

  it('check mode reports them as warnings and leaves them', () => {
    put('gen/x.txt', 'x\n');
    put(TEMP, 'half');
    const r = check([{ path: 'gen/x.txt', content: 'x\n', kind: 'text' }]);
    expect(r.findings).toEqual([expect.objectContaining({ ruleId: 'output/stale-temp', severity: 'warning', location: { file: TEMP } })]);
    expect(readFileSync(join(ws.dir, TEMP), 'utf8')).toBe('half');
  });

  it('the next write removes them and says so', () => {
    put(TEMP, 'half');
    const r = applyArtifacts([{ path: 'gen/x.txt', content: 'new\n', kind: 'text' }], ws.dir, 'write', { fix: FIX });
    expect(r.findings).toEqual([expect.objectContaining({ ruleId: 'output/stale-temp', severity: 'info', location: { file: TEMP } })]);
    expect(readdirSync(join(ws.dir, 'gen'))).toEqual(['x.txt']);
  });
});
