/** A generated rule file carries what reading it back gives: the parser's value for its content, exactly. */
import { join } from 'node:path';
import { loadModel } from '../../src/spec/load-model';
import { generateRecordingRules, renderRecordingRules } from '../../src/generators/rules/recording-rules';
import { generateAlerts, renderAlerts } from '../../src/generators/rules/alerts';
import { generateAlertSuggestions, renderAlertSuggestions } from '../../src/generators/rules/alert-suggestions';
import { generateCompatRules, renderCompatRules } from '../../src/generators/rules/compat-rules';
import { parseRuleFile, ruleFileArtifact, type RuleFile } from '../../src/rules/rule-file';
import { REPO_ROOT } from '../support/cli';

const roundTrip = (file: RuleFile) => {
  const artifact = ruleFileArtifact('r.yml', file, ['header']);
  return { parsed: artifact.parsed, read: parseRuleFile(artifact.content, 'r.yml') };
};

test.each<[string, RuleFile]>([
  ['a multi-line expression ends in a newline the parser trims', { groups: [{ name: 'g', rules: [{ record: 'a:b', expr: 'sum(\n  x\n)\n' }] }] }],
  ['empty labels, annotations and for are left out as the parser leaves them out', { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'x > 1', for: '', labels: {}, annotations: {} }] }] }],
  ['label values that read as other YAML types stay strings', { groups: [{ name: 'g', interval: '1m', rules: [{ alert: 'A', expr: 'x > 1', for: '5m', labels: { a: 'true', b: '1.0', c: 'null', d: '' }, annotations: { s: 'x: y # z' } }] }] }],
  ['groups without an interval or rules', { groups: [{ name: 'g', rules: [] }, { name: 'h', interval: '30s', rules: [{ record: 'r', expr: ' vector(1) ' }] }] }],
  ['no groups', { groups: [] }],
])('%s', (_, file) => {
  const { parsed, read } = roundTrip(file);
  expect(parsed).toEqual(read);
});

test.each(['spec/metrics.yml', 'test/fixtures/spec/rules.yml', 'test/fixtures/spec/small.yml'])('every rule generator of %s carries its file as read back', (spec) => {
  const model = loadModel(join(REPO_ROOT, spec), { displayPath: spec });
  const recording = generateRecordingRules(model);
  const artifacts = [
    renderRecordingRules(model, recording),
    renderAlerts(model, generateAlerts(model)),
    renderAlertSuggestions(model, generateAlertSuggestions(model, recording.file)),
    renderCompatRules(model, generateCompatRules(model)),
  ];
  for (const a of artifacts) expect(a.parsed).toEqual(parseRuleFile(a.content, a.path));
});
