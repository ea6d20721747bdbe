// Minimal configs of the servers that tests and benchmarks start on 127.0.0.1 (plain JS: bench/ uses it too).
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Write a clickhouse-server config (HTTP and native ports on 127.0.0.1, data under `dir`, the
 * `default` user without password from 127.0.0.1 only) and return the path of its config.xml.
 */
function clickHouseConfig(dir, httpPort, tcpPort) {
  for (const d of ['data', 'tmp']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(
    join(dir, 'config.xml'),
    `<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>5368709</mark_cache_size>
</yandex>
`,
  );
  writeFileSync(
    join(dir, 'users.xml'),
    `<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`,
  );
  return join(dir, 'config.xml');
}

module.exports = { clickHouseConfig };
