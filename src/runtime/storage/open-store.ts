/** Opens the store `--store` names: the file store (the default) or ClickHouse. */
import { join, resolve } from 'node:path';
import type { RuntimeConfig } from '../config';
import type { Rng } from '../market/rng';
import { createClickHouseSink } from './clickhouse-sink';
import { createFileSink } from './file-sink';
import type { StorageSink } from './sink';
import { parseStoreUrl } from './store-url';

/**
 * The sink of `config.storage.url` (already validated by the config). `file:<dir>` is resolved
 * against `cwd`. Throws InputError (exit 3) when a networked store cannot be reached at start.
 */
export async function openStore(config: RuntimeConfig, cwd: string, deps: { rng: Rng; sleep(ms: number): Promise<void>; warn(message: string): void }): Promise<StorageSink> {
  const target = parseStoreUrl(config.storage.url);
  if ('why' in target) throw new Error(`unvalidated storage.url: ${target.why}`);
  if (target.kind === 'file') return createFileSink({ root: target.dir === '' ? config.dataDir : resolve(cwd, target.dir), format: config.storage.format, warn: deps.warn });
  return createClickHouseSink({
    ...target,
    timeoutMs: config.storage.timeoutMs,
    spillDir: join(config.dataDir, 'spill', 'clickhouse'),
    retry: config.retry,
    rng: deps.rng,
    sleep: deps.sleep,
  });
}
