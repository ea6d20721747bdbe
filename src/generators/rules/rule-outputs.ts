/**
 * The files one rule generator produces: the rule file and, for alerting rules, its promtool
 * test file `<tests-dir>/<name>.test.yml`. Pure apart from the injected path resolver.
 */
import { basename, relative } from 'node:path';
import type { Model } from '../../model/types';
import { generatedHeader, renderGeneratedYaml } from '../../output/serialize';
import type { Artifact } from '../../core/artifacts';
import { generateAlerts, renderAlerts, type SeverityMap } from './alerts';
import { generateAlertSuggestions, generateSuggestionTests, renderAlertSuggestions } from './alert-suggestions';
import { generateRecordingRules } from './recording-rules';
import { generateSpecAlertTests, TEST_EVALUATION_INTERVAL, type PromtoolTestFile, type UntestedAlert } from './rule-tests';

export interface RuleOutputOptions {
  /** Rule file path as the user gave it. */
  output: string;
  /** Directory of the promtool tests, as given. */
  testsDir: string;
  /** Recording-rule file the tests load, as given. */
  recordingRules: string;
  severityMap?: SeverityMap;
  /** Absolute path of a user-given path. */
  resolve(path: string): string;
}

export interface RuleOutputs {
  /** The rule file (kind `rules`), then its promtool tests (kind `yaml`), at the paths as given. */
  artifacts: Artifact[];
  /** Alerting rules generated. */
  rules: number;
  /** promtool test groups generated. */
  tests: number;
  /** Spec alerts written without a unit test (alerts only). */
  untested: UntestedAlert[];
}

/** Test-file name of a rule file: `alerts.yml` → `alerts.test.yml`. */
export function testFileName(ruleFile: string): string {
  return `${basename(ruleFile).replace(/\.ya?ml$/, '')}.test.yml`;
}

const posix = (p: string): string => p.split('\\').join('/');

/**
 * Generate `alerts` (spec alerts) or `suggestions` with their tests. The tests' `rule_files`
 * point at the recording rules and the rule file, relative to the tests directory.
 */
export function generateRuleOutputs(model: Model, which: 'alerts' | 'suggestions', options: RuleOutputOptions): RuleOutputs {
  const recording = generateRecordingRules(model).file;
  const outputAbs = options.resolve(options.output);
  const testsAbs = options.resolve(options.testsDir);
  const ruleFiles = [options.resolve(options.recordingRules), outputAbs].map((f) => posix(relative(testsAbs, f)));
  let ruleArtifact: Artifact;
  let tests: PromtoolTestFile;
  let rules: number;
  let tool: string;
  let untested: UntestedAlert[] = [];
  if (which === 'alerts') {
    const file = generateAlerts(model, options.severityMap ?? {});
    ruleArtifact = renderAlerts(model, file, options.output);
    ({ file: tests, untested } = generateSpecAlertTests(model, file, { ruleFiles, recording, evaluationInterval: TEST_EVALUATION_INTERVAL }));
    rules = file.groups.reduce((n, g) => n + g.rules.length, 0);
    tool = 'gen-alerts';
  } else {
    const result = generateAlertSuggestions(model, recording);
    ruleArtifact = renderAlertSuggestions(model, result, options.output);
    tests = generateSuggestionTests(result, recording, ruleFiles, TEST_EVALUATION_INTERVAL);
    rules = result.file.groups.reduce((n, g) => n + g.rules.length, 0);
    tool = 'gen-alert-suggestions';
  }
  const testDisplay = posix(`${options.testsDir.replace(/[\\/]+$/, '')}/${testFileName(options.output)}`);
  return {
    artifacts: [
      ruleArtifact,
      {
        path: testDisplay,
        content: renderGeneratedYaml(tests, [...generatedHeader(tool, model.specHash), `Run: promtool test rules ${testDisplay}`]),
        kind: 'yaml',
      },
    ],
    rules,
    tests: tests.tests.length,
    untested,
  };
}
