/** The process surface a command may use, and the writers bin/g6's run gives it. */
import { writeSync } from 'node:fs';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Whether stderr is a terminal (decides colour together with NO_COLOR). Asked only when text
   * output has something to colour: probing creates process.stderr, which loads node's streams.
   */
  stderrIsTty(): boolean;
}

/** What every command action receives besides its options. */
export interface CommandContext {
  io: Io;
  /** Set by the command; src/cli/main.ts returns it as the process exit code. */
  exitCode: number;
}

/**
 * A writer to file descriptor `fd` that writes synchronously, without creating process.stdout
 * or process.stderr (loading node's stream modules costs a short command ~45M instructions).
 * Those streams write files and terminals synchronously too; on a full pipe they queue where
 * this waits for the reader. Once a write fails (EAGAIN on a non-blocking pipe, EPIPE, a closed
 * descriptor), the text not written and all later text go to `stream()`, which queues it or
 * reports the error as it always did.
 */
export function fdWriter(fd: number, stream: () => NodeJS.WritableStream): (text: string) => void {
  let fallback: NodeJS.WritableStream | undefined;
  return (text) => {
    if (fallback !== undefined) {
      fallback.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch {
      // the stream takes over from here and reports the error, if it persists, as before
      fallback = stream();
      fallback.write(bytes.subarray(written));
    }
  };
}
