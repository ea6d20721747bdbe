/** Atomic writes: one temp naming scheme, stale temps of killed writers removed and reported, refused folders fail fast with exit 3. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors';
import { makeDirs, removeStaleTemps, tempFileName, writeFileAtomic, writeFileAtomicAsync } from '../../src/output/write-file';
import { runG6 } from '../support/cli';

/** The pid of a process that has exited. */
function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', '']);
  return res.pid as number;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'g6-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes through a temp file named <file>.<pid>.<token>.tmp and leaves only the file', () => {
    const file = join(dir, 'a.json');
    expect(tempFileName(file)).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}\\.${process.pid}\\.[0-9a-f]+\\.tmp$`));
    writeFileAtomic(file, 'x\n');
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(readFileSync(file, 'utf8')).toBe('x\n');
  });

  it('on its first write into a folder removes the temps of dead writers and returns them; live writers, this process and other files are left alone', () => {
    const dead = deadPid();
    const stale = [`a.json.${dead}.k3j2h0.tmp`, `b.json.${process.pid}.othertoken.tmp`];
    const kept = [`c.json.${process.ppid}.abc.tmp`, 'notes.tmp', 'd.json'];
    const sub = join(dir, 'panels');
    mkdirSync(sub);
    for (const f of [...stale, ...kept]) writeFileSync(join(sub, f), 'partial');
    const removed = writeFileAtomic(join(sub, 'a.json'), '{}\n');
    expect(removed).toEqual(stale.map((f) => join(sub, f)).sort());
    expect(readdirSync(sub).sort()).toEqual([...kept, 'a.json'].sort());
    writeFileSync(join(sub, `e.json.${dead}.k3j2h0.tmp`), 'partial');
    expect(writeFileAtomic(join(sub, 'a.json'), '{}\n')).toEqual([]);
    expect(removeStaleTemps(sub)).toEqual([join(sub, `e.json.${dead}.k3j2h0.tmp`)]);
  });

  it('refuses a folder under a regular file with an InputError naming the file', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(() => writeFileAtomic(join(dir, 'file', 'sub', 'a.json'), '')).toThrow(InputError);
    expect(() => makeDirs(join(dir, 'file', 'sub'))).toThrow(`${join(dir, 'file')} is a file, not a folder`);
    expect(existsSync(join(dir, 'file', 'sub'))).toBe(false);
  });
});

describe('writeFileAtomicAsync', () => {
  it('writes through the same temp file, leaves only the file and reports stale temps on its first write into a folder', async () => {
    const sub = join(dir, 'async');
    mkdirSync(sub);
    const stale = join(sub, `a.json.${deadPid()}.k3j2h0.tmp`);
    writeFileSync(stale, 'partial');
    expect(await writeFileAtomicAsync(join(sub, 'a.json'), 'x\n')).toEqual([stale]);
    expect(await writeFileAtomicAsync(join(sub, 'a.json'), Buffer.from('y\n'))).toEqual([]);
    expect(readdirSync(sub)).toEqual(['a.json']);
    expect(readFileSync(join(sub, 'a.json'), 'utf8')).toBe('y\n');
  });

  it('rejects with the rename error and removes its temp file when the target cannot be replaced', async () => {
    mkdirSync(join(dir, 'taken', 'inner'), { recursive: true });
    await expect(writeFileAtomicAsync(join(dir, 'taken'), 'x\n')).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('refused output folders (real bin/g6)', () => {
  it.each([['/proc/x'], ['/proc/x/y/z']])('gen-dashboards --output %s exits 3 at once, naming the folder', (out) => {
    const res = runG6(['gen-dashboards', '--output', out]);
    expect(res.code).toBe(3);
    expect(res.stdout + res.stderr).toContain(`cannot use ${out}: the file system refuses to create`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('g6 run (real process)', () => {
  it('removes the stale temps a killed run left in panels/ and snapshots/ and reports each one', () => {
    const dead = deadPid();
    const temps = [join(dir, 'panels', `manifest.json.${dead}.k3j2h0.tmp`), join(dir, 'snapshots', `20251103T040000.000Z-1.json.${dead}.k3j2h0.tmp`)];
    for (const t of temps) {
      mkdirSync(join(t, '..'), { recursive: true });
      writeFileSync(t, '{"partial":');
    }
    const res = runG6(['run', '--cycles', '1', '--interval', '0', '--listen', '', '--data-dir', dir]);
    expect(res.code).toBe(0);
    for (const t of temps) {
      expect(existsSync(t)).toBe(false);
      expect(res.stderr).toContain(`removed stale temp file ${t}`);
    }
  });
});
