/** The real bin/g6: help, usage errors, exit codes, output formats, atomic and read-only modes. */
import { mkdirSync, readFileSync, statSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands';
import { EXIT_CODE_TABLE, ExitCode } from '../../src/cli/exit-codes';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';

const SMALL = 'test/fixtures/spec/small.yml';

describe('g6 CLI', () => {
  it('--help lists every registered subcommand and exits 0', () => {
    const res = runG6(['--help']);
    expect(res.code).toBe(0);
    expect(COMMANDS.length).toBeGreaterThan(10);
    for (const [name] of COMMANDS) expect(res.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('each command table entry registers the command it is named after', () => {
    const ctx = { io: { stdout: () => {}, stderr: () => {}, env: {}, cwd: REPO_ROOT, stderrIsTty: () => false }, exitCode: 0 };
    for (const [name, register] of COMMANDS) expect(register(new Command('g6'), ctx).name()).toBe(name);
  });

  it('a subcommand invoked alone still has its own help, and a misspelt one gets a suggestion', () => {
    const help = runG6(['gen-dashboards', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--verify');
    const typo = runG6(['gen-dashbords']);
    expect(typo.code).toBe(ExitCode.USAGE);
    expect(typo.stderr).toContain('Did you mean gen-dashboards?');
  });

  it('no arguments prints help and exits 0', () => {
    const res = runG6([]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: g6');
  });

  it.each([
    [['no-such-command'], 'unknown command'],
    [['validate-spec', '--no-such-option'], 'unknown option'],
    [['validate-spec', '--format', 'xml'], 'xml'],
    [['gen-metrics', '--spec'], 'argument missing'],
  ])('usage error %j exits 2', (args, message) => {
    const res = runG6(args);
    expect(res.code).toBe(ExitCode.USAGE);
    expect(res.stderr).toContain(message);
  });

  it('a missing spec file exits 3 with the path and no stack trace', () => {
    const res = runG6(['validate-spec', '--spec', 'nope/metrics.yml']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('nope/metrics.yml: cannot read metric spec: file not found');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('the exit-code table covers the documented codes, each once', () => {
    const codes = EXIT_CODE_TABLE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13]));
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const e of EXIT_CODE_TABLE) expect(readme).toMatch(new RegExp(`\\|\\s*${e.code}\\s*\\|`));
  });

  describe('validate-spec formats', () => {
    const bad = 'test/fixtures/invalid-specs/buckets-unsorted.yml';
    it('json is one parseable document on stdout', () => {
      const res = runG6(['validate-spec', '--spec', bad, '--format', 'json']);
      const report = JSON.parse(res.stdout);
      expect(report).toMatchObject({ tool: 'validate-spec', ok: false, counts: { error: 1 } });
    });
    it('github emits workflow annotations', () => {
      const res = runG6(['validate-spec', '--spec', bad, '--format', 'github']);
      expect(res.stdout).toMatch(/^::error file=test\/fixtures\/invalid-specs\/buckets-unsorted\.yml,line=26,col=\d+,title=spec\/bucket-order::buckets must ascend/m);
    });
    it('text is uncoloured with NO_COLOR and coloured with FORCE_COLOR', () => {
      expect(runG6(['validate-spec', '--spec', bad]).stderr).not.toContain('\u001b[');
      expect(runG6(['validate-spec', '--spec', bad], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stderr).toContain('\u001b[');
    });
    it('warnings pass unless --strict', () => {
      const ws = tempWorkspace();
      try {
        const spec = join(ws.dir, 'warn.yml');
        writeFileSync(spec, readFileSync(join(REPO_ROOT, SMALL), 'utf8').replace('        no_panel: true\n', ''));
        expect(runG6(['validate-spec', '--spec', spec]).code).toBe(0);
        const strict = runG6(['validate-spec', '--spec', spec, '--strict']);
        expect(strict.code).toBe(3);
        expect(strict.stderr).toContain('spec/no-panels');
      } finally {
        ws.cleanup();
      }
    });
  });

  describe('gen-metrics', () => {
    it('writes both files, then --check passes; a stale file makes --check exit 5 and stay untouched', () => {
      const ws = tempWorkspace();
      try {
        const out = join(ws.dir, 'gen');
        expect(runG6(['gen-metrics', '--spec', SMALL, '--out', out]).code).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['METRICS_CATALOG.md', 'metrics.ts']);
        expect(runG6(['gen-metrics', '--spec', SMALL, '--out', out, '--check']).code).toBe(0);

        const file = join(out, 'METRICS_CATALOG.md');
        writeFileSync(file, 'edited by hand\n');
        const before = statSync(file).mtimeMs;
        const res = runG6(['gen-metrics', '--spec', SMALL, '--out', out, '--check']);
        expect(res.code).toBe(ExitCode.METRICS_DRIFT);
        expect(res.stderr).toContain(`${out}/METRICS_CATALOG.md: error generated file is out of date [drift/stale]`);
        expect(readFileSync(file, 'utf8')).toBe('edited by hand\n');
        expect(statSync(file).mtimeMs).toBe(before);
      } finally {
        ws.cleanup();
      }
    });

    it('an output folder the file system refuses exits 3 naming the path, not as an internal error', () => {
      const ws = tempWorkspace();
      try {
        const blocker = join(ws.dir, 'a-file');
        writeFileSync(blocker, 'x');
        const res = runG6(['gen-metrics', '--spec', SMALL, '--out', join(blocker, 'gen')]);
        expect(res.code).toBe(3);
        expect(res.stderr).toContain(`cannot use ${join(blocker, 'gen')}`);
        expect(res.stderr).not.toContain('bug in g6');
      } finally {
        ws.cleanup();
      }
    });

    it('--check reports missing files with exit 5 and creates nothing', () => {
      const ws = tempWorkspace();
      try {
        const out = join(ws.dir, 'empty');
        const res = runG6(['gen-metrics', '--spec', SMALL, '--out', out, '--check']);
        expect(res.code).toBe(ExitCode.METRICS_DRIFT);
        expect(res.stderr).toContain(`${out}/metrics.ts: error generated file is missing [drift/missing]`);
        expect(existsSync(out)).toBe(false);
      } finally {
        ws.cleanup();
      }
    });

    it('an invalid spec exits 3 and writes nothing', () => {
      const ws = tempWorkspace();
      try {
        const out = join(ws.dir, 'gen');
        mkdirSync(out);
        const res = runG6(['gen-metrics', '--spec', 'test/fixtures/invalid-specs/counter-no-total.yml', '--out', out]);
        expect(res.code).toBe(3);
        expect(res.stderr).toMatch(/counter-no-total\.yml:6:\d+ \/families\/core\/metrics\/0\/name: error counter "g6_events" does not end in _total \[spec\/counter-suffix\]/);
        expect(readdirSync(out)).toEqual([]);
      } finally {
        ws.cleanup();
      }
    });

    it('the committed generated files are current for the shipped spec', () => {
      const res = runG6(['gen-metrics', '--check']);
      expect(res.stderr).toContain('files current');
      expect(res.code).toBe(0);
    });

    it('the output does not depend on how the spec path is spelled (./, absolute)', () => {
      for (const spec of ['./spec/metrics.yml', join(REPO_ROOT, 'spec/metrics.yml')]) {
        const res = runG6(['gen-metrics', '--spec', spec, '--check']);
        expect(res.stderr).toContain('files current');
        expect(res.code).toBe(0);
      }
    });
  });
});
