/** What gen-alerts and gen-alert-suggestions share: their path options and their summary line. */
import { DEFAULT_PATHS } from '../model/conventions';
import type { PathKey } from '../spec/project-config';
import type { StepOption, StepOutcome } from './step';
import { regenerateFix, specOption } from './options';

export interface RuleStepOptions {
  spec: string;
  output: string;
  testsDir: string;
  recordingRules: string;
}

export function ruleOutputOptions(output: string, outputKey: PathKey, what: string): StepOption[] {
  return [
    specOption,
    { flags: '--output <file>', description: 'rule file to write', default: output, fromPaths: outputKey },
    { flags: '--tests-dir <dir>', description: 'directory of the generated promtool tests', default: DEFAULT_PATHS.ruleTestsDir, fromPaths: 'rule_tests' },
    { flags: '--recording-rules <file>', description: `recording-rule file the tests load besides the ${what}`, default: DEFAULT_PATHS.recordingRules, fromPaths: 'recording_rules' },
  ];
}

export function summarizeRuleOutputs(id: string, what: string, { result, mode, failed, drift }: StepOutcome, o: RuleStepOptions): string {
  const s = result.stats;
  if (failed && drift.length) return `${id}: ${what} drifted from the spec; ${regenerateFix(id)}`;
  const untested = Array.isArray(s.untested) && s.untested.length ? `, ${s.untested.length} alert(s) without a unit test (${s.untested.join(', ')})` : '';
  const state = mode === 'check' ? 'is current' : 'up to date';
  const verdict = failed ? '; failed: every alert needs a unit test (--require-tests)' : '';
  return `${id}: ${String(s.alerts)} alerts, ${String(s.test_groups)} test groups${untested}; ${o.output} ${state} (spec_hash ${String(s.spec_hash)})${verdict}`;
}
