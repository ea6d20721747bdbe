/** The spec hash is over canonical content: line endings, comments and key order do not move it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../src/spec/load-model';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';

const SMALL = join(REPO_ROOT, 'test/fixtures/spec/small.yml');

describe('spec hash', () => {
  const ws = tempWorkspace();
  afterAll(() => ws.cleanup());
  const variant = (name: string, text: string): string => {
    const file = join(ws.dir, name);
    writeFileSync(file, text);
    return file;
  };
  const original = readFileSync(SMALL, 'utf8');
  const hash = loadModel(SMALL).specHash;

  it('is 16 hex digits', () => {
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is the same for a CRLF copy (also through the real CLI)', () => {
    const crlf = variant('crlf.yml', original.replace(/\n/g, '\r\n'));
    expect(readFileSync(crlf, 'utf8')).toContain('\r\n');
    expect(loadModel(crlf).specHash).toBe(hash);
    const res = runG6(['validate-spec', '--spec', crlf, '--format', 'json']);
    expect(JSON.parse(res.stdout).stats.spec_hash).toBe(hash);
  });

  it('ignores comments and key order', () => {
    const edited = original
      .replace('version: 1\n', '# a new comment\nversion: 1 # trailing\n')
      .replace('        type: counter\n        help: Rows ingested, by table.\n', '        help: Rows ingested, by table.\n        type: counter\n');
    expect(edited).not.toBe(original);
    expect(loadModel(variant('reordered.yml', edited)).specHash).toBe(hash);
  });

  it('changes when content changes', () => {
    expect(loadModel(variant('changed.yml', original.replace('Rows ingested', 'Rows stored'))).specHash).not.toBe(hash);
  });
});
