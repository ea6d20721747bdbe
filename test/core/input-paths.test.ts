/** filesBelow: a folder's files as fast-glob's `**` + `/*` (onlyFiles, no dot) lists them, without loading fast-glob. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { filesBelow } from '../../src/core/input-paths';

describe('filesBelow', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'g6-files-below-'));
    for (const d of ['a/b/c', '.hidden/x', 'a/.dot', 'empty', 'target']) mkdirSync(join(dir, 'root', d), { recursive: true });
    for (const f of ['top.json', 'a/one.yml', 'a/b/two.yaml', 'a/b/c/three.json', '.hidden/x/no.json', 'a/.dot/no.json', 'a/.no.json', 'target/t.json']) writeFileSync(join(dir, 'root', f), '{}');
    writeFileSync(join(dir, 'outside.json'), '{}');
    symlinkSync(join(dir, 'outside.json'), join(dir, 'root', 'a', 'link-to-file.json'));
    symlinkSync(join(dir, 'root', 'target'), join(dir, 'root', 'a', 'link-to-dir'));
    symlinkSync(join(dir, 'nowhere.json'), join(dir, 'root', 'broken.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists what fast-glob lists: nested files and followed links, never hidden entries or broken links', () => {
    const root = join(dir, 'root');
    const expected = fg.sync('**/*', { cwd: root, onlyFiles: true, dot: false }).sort();
    expect(filesBelow(root).sort()).toEqual(expected);
    expect(expected).toEqual(['a/b/c/three.json', 'a/b/two.yaml', 'a/link-to-dir/t.json', 'a/link-to-file.json', 'a/one.yml', 'target/t.json', 'top.json']);
  });

  it('walks a link back to an enclosing folder once', () => {
    const loop = join(dir, 'loop');
    mkdirSync(join(loop, 'sub'), { recursive: true });
    writeFileSync(join(loop, 'sub', 'f.json'), '{}');
    symlinkSync(loop, join(loop, 'sub', 'back'));
    expect(filesBelow(loop).sort()).toEqual(['sub/f.json']);
  });

  it('throws the file system error for a folder that is not there', () => {
    expect(() => filesBelow(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
