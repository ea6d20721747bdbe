/** `--store` values: which store each names, and why a malformed one names none. */
import { createTableSql, encodeRowBinary } from '../../src/runtime/storage/clickhouse-sink';
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

  it('an errors row is RowBinary: varint-prefixed UTF-8 strings, the date as UInt16 days since 1970, UInt32 little-endian', () => {
    const str = (t: string): string => Buffer.concat([Buffer.from([Buffer.byteLength(t)]), Buffer.from(t)]).toString('hex');
    const row = { ts: 'tä', cycle: 2, index: 'NIFTY', expiry: null, phase: 'quotes', classification: 'fatal', reason: 'r', message: 'm', attempt: 1 };
    const expected = str('tä') + 'ab4f' + '02000000' + str('NIFTY') + str('') + str('quotes') + str('fatal') + str('r') + str('m') + '01000000';
    expect(encodeRowBinary('errors', [row], '2025-11-03').toString('hex')).toBe(expected);
  });

  it('a Nullable column is one flag byte for null, and the flag 0 plus a double otherwise', () => {
    const row = { timestamp: 't', date: '2025-11-03', index: 'NIFTY', exchange: 'NFO', expiry: 'e', expiry_rule: 'r', type: 'CE', source: 'sim' };
    const withNull = encodeRowBinary('options', [{ ...row, iv: null }], '2025-11-03');
    const withValue = encodeRowBinary('options', [{ ...row, iv: 0.2 }], '2025-11-03');
    expect(withValue.length - withNull.length).toBe(8);
    expect(withValue.includes(Buffer.concat([Buffer.from([0]), Buffer.from(new Float64Array([0.2]).buffer)]))).toBe(true);
  });
});
