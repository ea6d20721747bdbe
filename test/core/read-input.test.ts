/** readInputFile: the file's text, or an InputError naming the file, what it is, why, and the fix. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors';
import { readFailure, readInputFile } from '../../src/core/read-input';

const dir = mkdtempSync(join(tmpdir(), 'g6-read-input-'));
const file = join(dir, 'spec.yml');
writeFileSync(file, 'version: 1\n');

describe('readInputFile', () => {
  it('returns the text of a readable file', () => {
    expect(readInputFile(file, 'the metric spec')).toBe('version: 1\n');
  });

  it.each([
    ['a missing file', join(dir, 'missing.yml'), undefined, `${join(dir, 'missing.yml')}: cannot read the metric spec: file not found; check the path`],
    ['a directory', dir, undefined, `${dir}: cannot read the metric spec: is a directory; check the path`],
    ['a missing file under its display label', join(dir, 'missing.yml'), 'spec/missing.yml', 'spec/missing.yml: cannot read the metric spec: file not found; check the path'],
  ])('refuses %s with an InputError naming it', (_name, path, label, message) => {
    let thrown: unknown;
    try {
      readInputFile(path, 'the metric spec', label);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toBe(message);
  });
});

describe('readFailure', () => {
  it.each([
    ['ENOENT as "file not found"', Object.assign(new Error('raw'), { code: 'ENOENT' }), 'file not found'],
    ['EISDIR as "is a directory"', Object.assign(new Error('raw'), { code: 'EISDIR' }), 'is a directory'],
    ['any other error by its own message', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), 'EACCES: permission denied'],
  ])('words %s', (_name, err, words) => {
    expect(readFailure(err)).toBe(words);
  });
});
