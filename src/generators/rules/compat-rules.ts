/**
 * Compatibility recording rules for renamed metrics: per old series name (`renamed_from`) one
 * rule recording it from the current metric, so queries written for the earlier platform keep
 * working while they migrate. One group, in spec order. Pure.
 */
import type { Artifact } from '../../core/artifacts';
import { DEFAULT_PATHS, RULE_GROUP_INTERVAL, ruleGroupNames } from '../../model/conventions';
import { renamedSeries } from '../../model/migrations';
import type { Model } from '../../model/types';
import { generatedHeader } from '../../output/serialize';
import { ruleFileArtifact, type RuleFile } from '../../rules/rule-file';

/** The compatibility rules; no groups when nothing was renamed. An old histogram's `_bucket` gets none (see migrations.ts). */
export function generateCompatRules(model: Model): RuleFile {
  const rules = renamedSeries(model)
    .filter((r) => r.compatible)
    .map((r) => ({ record: r.old, expr: r.replacement }));
  return { groups: rules.length ? [{ name: ruleGroupNames.compat, interval: RULE_GROUP_INTERVAL, rules }] : [] };
}

/** The rendered file as an artifact at `path` (default rules/compat_rules.yml). */
export function renderCompatRules(model: Model, file: RuleFile, path: string = DEFAULT_PATHS.compatRules): Artifact {
  return ruleFileArtifact(path, file, generatedHeader('gen-compat-rules', model.specHash));
}
