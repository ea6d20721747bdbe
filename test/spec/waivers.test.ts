/** Inline waivers: each form, where it attaches, unused and expired ones, and their effect on the spec's findings. */
import type { Finding } from '../../src/core/findings';
import { parseYamlWithPositions } from '../../src/spec/parse-yaml';
import { applyWaivers, readWaivers, waiverFindings } from '../../src/spec/waivers';

const SPEC = `version: 1
families:
  core:
    owner: x
    metrics:
      # g6 disable spec/non-counter-total
      - name: g6_series_total
        type: gauge
        help: Series.
        labels: []
        cardinality_budget: 1
        panels:
          - kind: a  # g6 disable spec/panel-kind
            title: A
            promql: g6_series_total
      - name: g6_offenders_total # g6 snooze 2999-12-31 spec/non-counter-total
        type: gauge
        help: Offenders.
        labels: []
        cardinality_budget: 1
      - name: g6_groups_total
        type: gauge
        help: Groups.
        labels: []
        cardinality_budget: 1
# g6 snooze 2000-01-01 spec/non-counter-total
# g6 file/disable spec/help-style
`;

const finding = (ruleId: string, pointer: string): Finding => ({ ruleId, severity: 'error', message: ruleId, location: { file: 'spec.yml', pointer } });
const F = {
  first: finding('spec/non-counter-total', '/families/core/metrics/0/name'),
  second: finding('spec/non-counter-total', '/families/core/metrics/1/name'),
  third: finding('spec/non-counter-total', '/families/core/metrics/2/name'),
  help: finding('spec/help-style', '/families/core/metrics/2/help'),
};
const TODAY = '2026-12-01';

const parsed = parseYamlWithPositions(SPEC, 'spec.yml');
const { waivers, findings: problems } = readWaivers(parsed);

it('reads each form with its scope: the entry below, the entry on the same line, or the file', () => {
  expect(problems).toEqual([]);
  expect(waivers.map((w) => [w.kind, w.line, w.scope ?? 'file', w.until ?? '', w.rules.join(',')])).toEqual([
    ['disable', 6, '/families/core/metrics/0', '', 'spec/non-counter-total'],
    ['disable', 13, '/families/core/metrics/0/panels/0', '', 'spec/panel-kind'],
    ['snooze', 16, '/families/core/metrics/1', '2999-12-31', 'spec/non-counter-total'],
    ['snooze', 26, 'file', '2000-01-01', 'spec/non-counter-total'],
    ['file/disable', 27, 'file', '', 'spec/help-style'],
  ]);
});

it.each<[string, Finding, boolean]>([
  ['a disable above an entry waives its findings', F.first, true],
  ['a snooze until a later date waives', F.second, true],
  ['an expired snooze waives nothing', F.third, false],
  ['a file/disable waives the rule anywhere in the file', F.help, true],
  ['a waiver of one rule leaves other rules alone', { ...F.first, ruleId: 'spec/other' }, false],
  ['a waiver applies only to its file', { ...F.first, location: { ...F.first.location, file: 'other.yml' } }, false],
])('%s', (_name, f, waived) => {
  expect(applyWaivers([f], waivers, TODAY, new Set())).toEqual(waived ? [] : [f]);
});

it('names the waivers that covered nothing and the snoozes that expired, as info findings', () => {
  const used = new Set<string>();
  applyWaivers([F.first, F.second, F.third, F.help], waivers, TODAY, used);
  const about = waiverFindings(waivers, used, TODAY, (rule) => rule.startsWith('spec/'));
  expect(about.map((f) => [f.ruleId, f.severity, f.location?.line])).toEqual([
    ['lint/unused-waiver', 'info', 13],
    ['lint/expired-snooze', 'info', 26],
  ]);
});

it('a waiver on no entry, or one it cannot read, is reported', () => {
  const text = `version: 1\n# g6 disable spec/x\nfamilies: {}\n# g6 snooze tomorrow spec/x\n# g6 disable NotARule\n`;
  const read = readWaivers(parseYamlWithPositions(text, 's.yml'));
  expect(read.findings.map((f) => [f.ruleId, f.location?.line])).toEqual([
    ['lint/bad-waiver', 4],
    ['lint/bad-waiver', 5],
  ]);
  expect(waiverFindings(read.waivers, new Set(), TODAY, () => true)).toEqual([
    expect.objectContaining({ ruleId: 'lint/unused-waiver', message: expect.stringContaining('not on or directly above'), location: { file: 's.yml', line: 2 } }),
  ]);
});
