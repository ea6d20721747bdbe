/** Real servers for tests (ClickHouse, NATS) on 127.0.0.1: free ports, a temp data folder, stopped by pid. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickHouseConfig } from './server-configs';
import { waitUntil } from './wait';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Poll `probe` until it returns a value other than undefined: the shared condition wait, with its generous deadline. */
export async function waitForValue<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  return (await waitUntil(what, probe, (v) => v !== undefined)) as T;
}

/** A server process that can be stopped and started again on the same ports and data. */
export interface TestServer {
  /** Log of every start, for failure messages. */
  log(): string;
  start(): Promise<void>;
  /** SIGTERM by pid and wait for the exit (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

export function managedServer(command: string, args: readonly string[], cwd: string, ready: () => Promise<boolean>): TestServer {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let log = '';
  const server: TestServer = {
    log: () => log,
    async start() {
      const c = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      c.stdout!.on('data', (d) => (log += d));
      c.stderr!.on('data', (d) => (log += d));
      let gone = false;
      exited = new Promise((r) => c.on('close', () => ((gone = true), r())));
      await waitForValue(`${command} to answer`, async () => {
        if (gone) throw new Error(`${command} exited:\n${log}`);
        return (await ready()) ? true : undefined;
      });
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.pid === undefined) return;
      c.kill('SIGTERM');
      const t = setTimeout(() => c.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
      child = null;
    },
  };
  return server;
}

export interface ClickHouse extends TestServer {
  httpPort: number;
  /** `clickhouse://127.0.0.1:<http port>/<database>`. */
  storeUrl(database: string): string;
  /** Run a query over HTTP; the body as text (TabSeparated unless the query says FORMAT). */
  query(sql: string): Promise<string>;
}

/** Debian's clickhouse-server with a minimal config in a temp folder; not started yet. */
export async function clickHouseServer(): Promise<ClickHouse> {
  const dir = mkdtempSync(join(tmpdir(), 'g6-ch-'));
  const [httpPort, tcpPort] = [await freePort(), await freePort()];
  const configFile = clickHouseConfig(dir, httpPort, tcpPort);
  const base = `http://127.0.0.1:${httpPort}`;
  const query = async (sql: string): Promise<string> => {
    const res = await fetch(`${base}/`, { method: 'POST', body: sql, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`ClickHouse ${res.status}: ${text}`);
    return text;
  };
  const server = managedServer('clickhouse-server', [`--config-file=${configFile}`], dir, async () => (await fetch(`${base}/ping`).then((r) => r.text())).startsWith('Ok'));
  return { ...server, httpPort, storeUrl: (db) => `clickhouse://127.0.0.1:${httpPort}/${db}`, query };
}

export interface Nats extends TestServer {
  url: string;
}

/** Debian's nats-server with JetStream on in a temp folder; not started yet. */
export async function natsServer(): Promise<Nats> {
  const dir = mkdtempSync(join(tmpdir(), 'g6-nats-'));
  const [port, monitor] = [await freePort(), await freePort()];
  const server = managedServer('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-m', String(monitor), '-sd', join(dir, 'js')], dir, async () => (await fetch(`http://127.0.0.1:${monitor}/healthz?js-enabled-only=true`)).ok);
  return { ...server, url: `nats://127.0.0.1:${port}` };
}
