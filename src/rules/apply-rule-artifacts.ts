/**
 * Write or check generated rule files and promtool test files. `check` compares parsed content
 * (rule files: semantic rule diff; test files: parsed YAML), never text, and touches nothing.
 */
import yaml from 'js-yaml';
import { canonicalJson } from '../core/hash';
import { InputError } from '../core/errors';
import { readIfExists, writeFileAtomic } from '../output/artifacts';
import { YAML_SCHEMA } from '../spec/parse-yaml';
import { diffRuleFiles, isEmptyDiff, parseRuleFile, type RuleDiff } from './rule-file';

export interface RuleArtifact {
  /** Absolute path to write. */
  file: string;
  /** Path as shown to the user. */
  display: string;
  content: string;
  /** `rules`: a Prometheus rule file; `yaml`: any other YAML (promtool tests); `text`: compared byte for byte. */
  kind: 'rules' | 'yaml' | 'text';
}

export interface RuleArtifactStatus {
  display: string;
  state: 'unchanged' | 'missing' | 'stale' | 'written';
  /** For stale rule files: what differs. */
  diff?: RuleDiff;
}

/**
 * Apply artifacts in `write` mode (rewrite files whose bytes differ, atomically) or `check` mode
 * (compare semantically, write nothing). A file on disk that is not valid YAML or not a valid
 * rule file is an InputError (exit 3) in check mode.
 */
export function applyRuleArtifacts(artifacts: readonly RuleArtifact[], mode: 'write' | 'check'): RuleArtifactStatus[] {
  return artifacts.map((a) => {
    const current = readIfExists(a.file);
    if (current === a.content) return { display: a.display, state: 'unchanged' };
    if (mode === 'write') {
      writeFileAtomic(a.file, a.content);
      return { display: a.display, state: 'written' };
    }
    if (current === undefined) return { display: a.display, state: 'missing' };
    if (a.kind === 'rules') {
      const diff = diffRuleFiles(parseRuleFile(current, a.display), parseRuleFile(a.content, `${a.display} (generated)`));
      return isEmptyDiff(diff) ? { display: a.display, state: 'unchanged' } : { display: a.display, state: 'stale', diff };
    }
    if (a.kind === 'text') return { display: a.display, state: 'stale' };
    let parsed: unknown;
    try {
      parsed = yaml.load(current, { schema: YAML_SCHEMA });
    } catch (err) {
      throw new InputError(`${a.display}: invalid YAML (${(err as Error).message.split('\n')[0]}); regenerate it without --check`);
    }
    return canonicalJson(parsed ?? null) === canonicalJson(yaml.load(a.content, { schema: YAML_SCHEMA }) ?? null)
      ? { display: a.display, state: 'unchanged' }
      : { display: a.display, state: 'stale' };
  });
}

/** Human-readable lines for statuses: one per changed file, then the rule diff entries. */
export function describeRuleStatuses(statuses: readonly RuleArtifactStatus[], mode: 'write' | 'check'): string {
  const lines: string[] = [];
  for (const s of statuses) {
    if (s.state === 'unchanged') continue;
    lines.push(`${s.state === 'missing' ? 'missing (would create)' : s.state}: ${s.display}`);
    if (s.diff) {
      for (const n of s.diff.added) lines.push(`  + ${n}${mode === 'check' ? ' (would be added)' : ''}`);
      for (const n of s.diff.removed) lines.push(`  - ${n}${mode === 'check' ? ' (would be removed)' : ''}`);
      for (const c of s.diff.changed) lines.push(`  ~ ${c.name} (${c.fields.join(', ')} changed)`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Whether a check found drift. */
export const hasDrift = (statuses: readonly RuleArtifactStatus[]): boolean => statuses.some((s) => s.state === 'missing' || s.state === 'stale');
