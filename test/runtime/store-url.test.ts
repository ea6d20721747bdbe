/** `--store` values: which store each names, and why a malformed one names none. */
import { createTableSql, toClickHouseRow } from '../../src/runtime/storage/clickhouse-sink';
import { parseStoreUrl } from '../../src/runtime/storage/store-url';

describe('parseStoreUrl', () => {
  it.each([
    ['bare file is the file store under the data dir', 'file', { kind: 'file', dir: '' }],
    ['file:<dir> names the folder', 'file:./rows', { kind: 'file', dir: './rows' }],
    ['a ClickHouse URL without a port uses 8123 and the default user', 'clickhouse://db.local/g6', { kind: 'clickhouse', url: 'http://db.local:8123', database: 'g6', username: 'default', password: '' }],
    ['user and password come from the URL, decoded', 'clickhouse://ing:p%40ss@127.0.0.1:18123/market', { kind: 'clickhouse', url: 'http://127.0.0.1:18123', database: 'market', username: 'ing', password: 'p@ss' }],
  ])('%s', (_name, spec, expected) => {
    expect(parseStoreUrl(spec)).toEqual(expected);
  });

  it.each([
    ['another scheme is refused', 'postgres://h/db', /^expected file, file:<dir> or clickhouse:\/\/host:port\/database, got "postgres:\/\/h\/db"$/],
    ['a missing database is refused', 'clickhouse://127.0.0.1:8123/', /the path must be a database name/],
    ['a database with a dash is refused', 'clickhouse://127.0.0.1:8123/g-6', /the path must be a database name/],
    ['a query string is refused', 'clickhouse://127.0.0.1:8123/g6?secure=1', /no query or fragment/],
    ['a port out of range is refused', 'clickhouse://127.0.0.1:99999/g6', /^expected file/],
  ])('%s', (_name, spec, why) => {
    const r = parseStoreUrl(spec);
    expect('why' in r && r.why).toMatch(why);
  });
});

describe('ClickHouse tables', () => {
  it('the options table replaces rows equal on (index, expiry, strike, type, timestamp), partitioned by trading date', () => {
    expect(createTableSql('g6', 'options')).toMatch(/ENGINE = ReplacingMergeTree PARTITION BY date ORDER BY \(`index`, `expiry`, `strike`, `type`, `timestamp`\)$/);
  });

  it.each([
    ['a missing date comes from the batch', 'errors', { ts: 't', cycle: 1 }, { date: '2025-11-03', ts: 't', cycle: 1 }],
    ['a null in a String column becomes the empty string', 'errors', { expiry: null }, { expiry: '' }],
    ['a null in a Nullable column stays null', 'overview', { pcr: null }, { pcr: null }],
    ['a null in a number column becomes 0', 'overview', { failures: null }, { failures: 0 }],
  ] as const)('%s', (_name, table, row, expected) => {
    expect(toClickHouseRow(table, row, '2025-11-03')).toMatchObject(expected);
  });
});
