/** fdWriter: synchronous writes to a file descriptor, handing over to the stream once a write fails. */
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fdWriter } from '../../src/cli/io';

/** A stream that keeps what it is given, and counts how often it was asked for. */
function recordingStream(): { get: () => Writable; text: () => string; created: () => number } {
  const chunks: Buffer[] = [];
  let created = 0;
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(Buffer.from(chunk)), done()) });
  return { get: () => (created++, stream), text: () => Buffer.concat(chunks).toString('utf8'), created: () => created };
}

describe('fdWriter', () => {
  it('writes every byte of the text to the descriptor, in order, without creating the stream', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'g6-io-')), 'out.txt');
    const fd = openSync(file, 'w');
    const stream = recordingStream();
    const write = fdWriter(fd, stream.get);
    write('plain ascii\n');
    write('ünïcödé ✓ '.repeat(10_000));
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe(`plain ascii\n${'ünïcödé ✓ '.repeat(10_000)}`);
    expect(stream.created()).toBe(0);
  });

  it('hands the text to the stream once a write fails, and all later text too', () => {
    const fd = openSync(join(mkdtempSync(join(tmpdir(), 'g6-io-')), 'out.txt'), 'w');
    closeSync(fd); // writing to a closed descriptor fails (EBADF)
    const stream = recordingStream();
    const write = fdWriter(fd, stream.get);
    write('first ');
    write('second\n');
    expect(stream.text()).toBe('first second\n');
    expect(stream.created()).toBe(1);
  });
});
