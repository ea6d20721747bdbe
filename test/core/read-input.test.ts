/** readInputFile: the file's text, or an InputError naming the file, what it is, why, and the fix. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors';
import { fileHolds, readFailure, readInputFile } from '../../src/core/read-input';

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

describe('fileHolds', () => {
  const text = `ünï ℕ€😀 ${'x'.repeat(70_000)}\n`;
  const held = join(dir, 'held.txt');
  writeFileSync(held, text);

  it('says a file holds its text and its bytes, however often it is asked, after a larger file too', () => {
    writeFileSync(join(dir, 'big.txt'), 'y'.repeat(200_000));
    expect(fileHolds(join(dir, 'big.txt'), 'y'.repeat(200_000))).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(fileHolds(held, text)).toBe(true);
      expect(fileHolds(held, Buffer.from(text, 'utf8'))).toBe(true);
    }
  });

  it.each([
    ['a text one character shorter', text.slice(0, -1)],
    ['a text of the same length with one character changed', `${text.slice(0, -2)}y\n`],
    ['the same characters in another encoding', Buffer.from(text, 'utf16le')],
    ['the empty text', ''],
  ])('says a file does not hold %s', (_name, other) => {
    expect(fileHolds(held, other)).toBe(false);
  });

  it('says a missing file or a directory holds nothing, even the empty text', () => {
    expect(fileHolds(join(dir, 'missing.txt'), '')).toBe(false);
    expect(fileHolds(dir, '')).toBe(false);
  });
});
