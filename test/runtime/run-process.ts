/** Starts a real `bin/g6 run` child process, waits for lines on its stderr, fetches over HTTP, and stops it by pid. */
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { parseExposition } from '../../src/gate/exposition';
import { G6_BIN, REPO_ROOT } from '../support/cli';
import { waitUntil } from '../support/wait';

export interface RunningG6 {
  child: ChildProcess;
  /** Bound `host:port`, parsed from the `listening on http://…` line. */
  address: string;
  stderr(): string;
  /** Resolves with the first match of `re` on stderr (already seen or future); rejects on exit or after the deadline (default WAIT_DEADLINE_MS). */
  waitFor(re: RegExp, deadlineMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM by pid, then the exit code; if it has not exited by WAIT_DEADLINE_MS, SIGKILL and reject. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Spawn `node bin/g6 run <args>` and resolve once it printed its listening address. */
export async function startG6Run(args: readonly string[], env: Record<string, string> = {}): Promise<RunningG6> {
  const child = spawn(process.execPath, [G6_BIN, 'run', ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  let code: number | null | undefined;
  const exited = new Promise<number | null>((r) =>
    child.on('close', (c) => {
      code = c;
      r(c);
    }),
  );
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err += d));
  const waitFor = (re: RegExp, deadlineMs?: number): Promise<RegExpExecArray> =>
    waitUntil(`${re} on the stderr of g6 run`, () => ({ match: re.exec(err), stderr: err }), (s) => s.match !== null, {
      deadlineMs,
      intervalMs: 25,
      abort: () => (code !== undefined ? `g6 run exited (${code})` : undefined),
      describe: (s) => `stderr:\n${s.stderr}`,
    }).then((s) => s.match!);
  const stop = async (): Promise<number | null> => {
    if (code === undefined && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      try {
        await waitUntil('g6 run to exit after SIGTERM', () => code, (c) => c !== undefined, { describe: () => `still running; stderr:\n${err}` });
      } catch (e) {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
        throw e;
      }
    }
    return code ?? null;
  };
  try {
    const m = await waitFor(/listening on http:\/\/(\S+)/);
    return { child, address: m[1] as string, stderr: () => err, waitFor, stop, exited };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** GET `url` as text, with its status and content type ("" when the response has none). */
export function fetchText(url: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] ?? '' }));
    }).on('error', reject);
  });
}

/** Value of the unlabelled sample `name` in exposition text (NaN and ±Inf allowed); undefined when absent. */
export function sampleValue(exposition: string, name: string): number | undefined {
  return parseExposition(exposition, { keep: new Set([name]) }).samples.find((s) => Object.keys(s.labels).length === 0)?.value;
}

/** Run `node bin/g6 run <args>` to its exit without blocking this process (servers in the test keep answering). */
export function runG6RunToExit(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [G6_BIN, 'run', ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}
