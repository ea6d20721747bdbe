/** Parses `--store`: `file` / `file:<dir>` (the embedded file store) or `clickhouse://[user[:password]@]host[:port]/database`. Pure. */

export type StoreTarget =
  | { kind: 'file'; /** Root of the files; '' = the data dir. */ dir: string }
  | { kind: 'clickhouse'; /** HTTP endpoint of the server, `http://host:port`. */ url: string; database: string; username: string; password: string };

/** ClickHouse's HTTP port, used when the URL names none. */
export const CLICKHOUSE_DEFAULT_PORT = 8123;

const DATABASE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The store `spec` names, or why it names none (a sentence that says what is expected). */
export function parseStoreUrl(spec: string): StoreTarget | { why: string } {
  if (spec === 'file') return { kind: 'file', dir: '' };
  if (spec.startsWith('file:')) return { kind: 'file', dir: spec.slice('file:'.length) };
  const expected = `expected file, file:<dir> or clickhouse://host:port/database, got ${JSON.stringify(spec)}`;
  if (!spec.startsWith('clickhouse://')) return { why: expected };
  let u: URL;
  try {
    u = new URL(spec);
  } catch {
    return { why: expected };
  }
  if (u.hostname === '') return { why: `${expected} (no host)` };
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!DATABASE.test(database)) return { why: `${expected} (the path must be a database name of letters, digits and _)` };
  if (u.search !== '' || u.hash !== '') return { why: `${expected} (no query or fragment)` };
  const port = u.port === '' ? CLICKHOUSE_DEFAULT_PORT : Number(u.port);
  return { kind: 'clickhouse', url: `http://${u.hostname}:${port}`, database, username: decodeURIComponent(u.username) || 'default', password: decodeURIComponent(u.password) };
}
