/** Goldens of the rule generators for test/fixtures/spec/small.yml, produced by the real CLI. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runG6, tempWorkspace } from '../support/cli';
import { expectGolden } from '../support/golden';

const FILES = [
  'rules/recording_rules.yml',
  'rules/alerts.yml',
  'rules/alert_suggestions.yml',
  'rules/tests/alerts.test.yml',
  'rules/tests/alert_suggestions.test.yml',
  'docs/RULES_CATALOG.md',
];

test('rule generators on the small spec match the goldens', () => {
  const ws = tempWorkspace(['test/fixtures/spec/small.yml']);
  try {
    const spec = ['--spec', 'test/fixtures/spec/small.yml'];
    for (const cmd of [['gen-recording-rules', ...spec], ['gen-alerts', ...spec], ['gen-alert-suggestions', ...spec], ['gen-rules-catalog']]) {
      const r = runG6(cmd, { cwd: ws.dir });
      expect({ cmd: cmd[0], code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    }
    for (const f of FILES) expectGolden(`test/golden/rules/${f.split('/').pop()}.golden`, readFileSync(join(ws.dir, f), 'utf8'));
  } finally {
    ws.cleanup();
  }
});
