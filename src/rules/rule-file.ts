/**
 * Prometheus rule files: the in-memory shape (standard schema only), rendering with the g6
 * header, loading existing files (rule files, PrometheusRule resources, multi-document streams)
 * with located errors, and the semantic diff `--check` reports.
 */
import type { Artifact } from '../core/artifacts';
import { InputError } from '../core/errors';
import { canonicalDuration } from '../promql/duration';
import { normalizePromql } from '../promql/normalize';
import { parsePromql } from '../promql/parse';
import { renderGeneratedYaml } from '../output/serialize';
import { keyPosition, locate, pointerSegment } from '../spec/parse-yaml';
import { parseYamlDocuments } from '../spec/yaml-documents';
import { readInputFile } from '../core/read-input';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
  /** The Kubernetes PrometheusRule holding the group (`<namespace>/<name>`); absent in a plain rule file. */
  resource?: string;
  /** JSON pointer of the group in its YAML document, when read from a file. */
  pointer?: string;
}

export interface RuleFile {
  groups: RuleGroup[];
  /** Kinds of the Kubernetes resources a stream held besides PrometheusRules (skipped), in order; absent when none. */
  foreign?: string[];
}

export const isRecording = (r: Rule): r is RecordingRule => 'record' in r;

/** The record or alert name of a rule. */
export const ruleName = (r: Rule): string => (isRecording(r) ? r.record : r.alert);

/** Render a rule file: header comment lines, then `groups:` with keys in Prometheus' documented order. */
export function renderRuleFile(file: RuleFile, headerLines: readonly string[]): string {
  const groups = file.groups.map((g) => ({
    name: g.name,
    ...(g.interval ? { interval: g.interval } : {}),
    rules: g.rules.map((r) =>
      isRecording(r)
        ? { record: r.record, expr: r.expr, ...(r.labels && Object.keys(r.labels).length ? { labels: r.labels } : {}) }
        : {
            alert: r.alert,
            expr: r.expr,
            ...(r.for ? { for: r.for } : {}),
            ...(r.labels && Object.keys(r.labels).length ? { labels: r.labels } : {}),
            ...(r.annotations && Object.keys(r.annotations).length ? { annotations: r.annotations } : {}),
          },
    ),
  }));
  return renderGeneratedYaml({ groups }, headerLines);
}

/**
 * The rule file as an artifact at `path`: its rendering, and as `parsed` what {@link parseRuleFile}
 * reads back from it (pointers set, expressions trimmed, empty maps and durations left out), so a
 * later step of the process need not parse the file it just generated.
 */
export function ruleFileArtifact(path: string, file: RuleFile, headerLines: readonly string[]): Artifact {
  const nonEmpty = (m: Record<string, string> | undefined): m is Record<string, string> => m !== undefined && Object.keys(m).length > 0;
  const groups = file.groups.map((g, gi): RuleGroup => ({
    name: g.name,
    ...(g.interval ? { interval: g.interval } : {}),
    rules: g.rules.map((r): Rule => {
      const labels = nonEmpty(r.labels) ? { labels: r.labels } : {};
      if (isRecording(r)) return { record: r.record, expr: r.expr.trim(), ...labels };
      return { alert: r.alert, expr: r.expr.trim(), ...(r.for ? { for: r.for } : {}), ...labels, ...(nonEmpty(r.annotations) ? { annotations: r.annotations } : {}) };
    }),
    pointer: `/groups/${gi}`,
  }));
  return { path, content: renderRuleFile(file, headerLines), kind: 'rules', parsed: { groups } satisfies RuleFile };
}

const GROUP_KEYS = new Set(['name', 'interval', 'rules', 'limit', 'query_offset']);
/** Group keys prometheus-operator passes on to Thanos Ruler besides Prometheus' own. */
const RESOURCE_GROUP_KEYS = new Set([...GROUP_KEYS, 'partial_response_strategy']);
const RULE_KEYS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
const RESOURCE_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

type At = (pointer: string, message: string, onKey?: boolean) => void;

/**
 * Parse rule-file text: a Prometheus rule file (`groups:`), a Kubernetes `PrometheusRule`
 * resource (`spec.groups`), a `List` of them, or a multi-document stream of any of these (other
 * Kubernetes resources are skipped, their kinds listed in `foreign`). Groups come in document
 * order; a resource's groups carry its name in `resource`. Every problem (YAML
 * syntax, schema, unparsable PromQL) is collected and thrown as one InputError (exit 3) naming
 * `label:line:col`, the JSON pointer in its document and the fix. An empty file or `groups: []`
 * is valid.
 */
export function parseRuleFile(text: string, label: string): RuleFile {
  const problems: string[] = [];
  const groups: RuleGroup[] = [];
  const foreign: string[] = [];
  for (const parsed of parseYamlDocuments(text, label)) {
    const at: At = (pointer, message, onKey = false) => {
      const pos = (onKey ? keyPosition(parsed, pointer) : undefined) ?? locate(parsed, pointer);
      problems.push(`  ${label}${pos ? `:${pos.line}:${pos.column}` : ''} ${pointer || '/'}: ${message}`);
    };
    groups.push(...documentGroups(parsed.doc, '', at, foreign));
  }
  if (problems.length > 0) {
    throw new InputError(`${label}: invalid rule file (${problems.length} problem${problems.length === 1 ? '' : 's'}); fix them or regenerate the file\n${problems.join('\n')}`);
  }
  return { groups, ...(foreign.length ? { foreign } : {}) };
}

/** The groups of one document at `pointer`: a rule file, a PrometheusRule or a List of them; other resources' kinds go to `foreign`. */
function documentGroups(doc: unknown, pointer: string, at: At, foreign: string[]): RuleGroup[] {
  if (!isObj(doc)) {
    at(pointer, 'a rule file must be a mapping with a `groups:` list (or a PrometheusRule resource)');
    return [];
  }
  if (doc.kind === 'List' || doc.kind === 'PrometheusRuleList') {
    if (!Array.isArray(doc.items)) {
      at(`${pointer}/items`, 'a List needs an `items` list of PrometheusRule resources');
      return [];
    }
    return doc.items.flatMap((item, i) => documentGroups(item, `${pointer}/items/${i}`, at, foreign));
  }
  if (typeof doc.apiVersion === 'string' || typeof doc.kind === 'string') {
    if (doc.kind !== 'PrometheusRule') {
      foreign.push(String(doc.kind));
      return [];
    }
    for (const key of Object.keys(doc)) if (!RESOURCE_KEYS.has(key)) at(`${pointer}/${pointerSegment(key)}`, `unknown PrometheusRule key "${key}"; remove it`, true);
    const meta = isObj(doc.metadata) ? doc.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const resource = typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/${name}` : name;
    if (!isObj(doc.spec)) {
      at(`${pointer}/spec`, 'a PrometheusRule needs a `spec` mapping with `groups`');
      return [];
    }
    for (const key of Object.keys(doc.spec)) if (key !== 'groups') at(`${pointer}/spec/${pointerSegment(key)}`, `unknown PrometheusRule spec key "${key}"; remove it`, true);
    return parseGroups(doc.spec.groups, `${pointer}/spec/groups`, RESOURCE_GROUP_KEYS, at).map((g) => ({ ...g, resource }));
  }
  for (const key of Object.keys(doc)) if (key !== 'groups') at(`${pointer}/${pointerSegment(key)}`, `unknown top-level key "${key}" (Prometheus rejects it); remove it`, true);
  return parseGroups(doc.groups, `${pointer}/groups`, GROUP_KEYS, at);
}

function parseGroups(rawGroups: unknown, pointer: string, keys: ReadonlySet<string>, at: At): RuleGroup[] {
  const groups: RuleGroup[] = [];
  if (rawGroups === undefined || rawGroups === null) return groups;
  if (!Array.isArray(rawGroups)) {
    at(pointer, '`groups` must be a list');
    return groups;
  }
  const groupNames = new Set<string>();
  rawGroups.forEach((g, gi) => {
    const gp = `${pointer}/${gi}`;
    if (!isObj(g)) return at(gp, 'a group must be a mapping with `name` and `rules`');
    for (const key of Object.keys(g)) if (!keys.has(key)) at(`${gp}/${pointerSegment(key)}`, `unknown group key "${key}"; remove it`, true);
    const name = typeof g.name === 'string' && g.name !== '' ? g.name : undefined;
    if (!name) at(`${gp}/name`, 'a group needs a non-empty string `name`');
    else if (groupNames.has(name)) at(`${gp}/name`, `group "${name}" is defined twice; group names must be unique in a file`);
    else groupNames.add(name);
    if (g.interval !== undefined && typeof g.interval !== 'string') at(`${gp}/interval`, '`interval` must be a duration string such as 30s');
    const rules: Rule[] = [];
    if (!Array.isArray(g.rules)) at(`${gp}/rules`, '`rules` must be a list');
    else
      g.rules.forEach((r, ri) => {
        const rule = parseRule(r, `${gp}/rules/${ri}`, at);
        if (rule) rules.push(rule);
      });
    groups.push({ name: name ?? '', ...(typeof g.interval === 'string' ? { interval: g.interval } : {}), rules, pointer: gp });
  });
  return groups;
}

function parseRule(r: unknown, rp: string, at: At): Rule | undefined {
  if (!isObj(r)) {
    at(rp, 'a rule must be a mapping with `record` or `alert` and `expr`');
    return undefined;
  }
  for (const key of Object.keys(r)) if (!RULE_KEYS.has(key)) at(`${rp}/${pointerSegment(key)}`, `unknown rule key "${key}"; remove it`, true);
  const hasRecord = typeof r.record === 'string' && r.record !== '';
  const hasAlert = typeof r.alert === 'string' && r.alert !== '';
  if (hasRecord === hasAlert) {
    at(rp, 'a rule needs exactly one of `record` and `alert`');
    return undefined;
  }
  let expr = '';
  if (typeof r.expr === 'string' || typeof r.expr === 'number') {
    expr = String(r.expr).trim();
    const p = parsePromql(expr);
    if (p.errors.length > 0) at(`${rp}/expr`, `PromQL does not parse: ${p.errors[0]!.message}`);
  } else at(`${rp}/expr`, 'a rule needs a string `expr`');
  const stringMap = (key: 'labels' | 'annotations'): Record<string, string> | undefined => {
    const v = r[key];
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      at(`${rp}/${key}`, `\`${key}\` must be a mapping of strings`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
      if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
      else at(`${rp}/${key}/${pointerSegment(k)}`, `${key} value must be a string`);
    }
    return out;
  };
  const labels = stringMap('labels');
  if (hasRecord) {
    if (r.annotations !== undefined || r.for !== undefined) at(rp, 'a recording rule takes no `for` or `annotations`');
    return { record: r.record as string, expr, ...(labels ? { labels } : {}) };
  }
  const annotations = stringMap('annotations');
  if (r.for !== undefined && typeof r.for !== 'string') at(`${rp}/for`, '`for` must be a duration string such as 5m');
  return {
    alert: r.alert as string,
    expr,
    ...(typeof r.for === 'string' ? { for: r.for } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** Read and parse a rule file; unreadable or invalid → InputError naming `label`. */
export function loadRuleFile(path: string, label = path): RuleFile {
  return parseRuleFile(readInputFile(path, 'rule file', label), label);
}

/** Every record name defined in the given rule files. */
export function recordNames(files: readonly RuleFile[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) for (const g of f.groups) for (const r of g.rules) if (isRecording(r)) names.add(r.record);
  return names;
}

export interface RuleChange {
  name: string;
  /** Fields that differ: group, expr, for, labels, annotations, interval. */
  fields: string[];
}

export interface RuleDiff {
  added: string[];
  removed: string[];
  changed: RuleChange[];
}

interface Keyed {
  group: string;
  interval: string;
  rule: Rule;
}

function keyed(file: RuleFile): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const g of file.groups)
    for (const rule of g.rules) {
      const key = `${isRecording(rule) ? 'record' : 'alert'}:${ruleName(rule)}`;
      // a second rule with the same key is compared as its own entry
      let k = key;
      for (let i = 2; out.has(k); i++) k = `${key}#${i}`;
      out.set(k, { group: g.name, interval: g.interval ?? '', rule });
    }
  return out;
}

const sameMap = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean => {
  const ea = Object.entries(a ?? {}).sort();
  const eb = Object.entries(b ?? {}).sort();
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]![0] === k && eb[i]![1] === v);
};

/**
 * Semantic difference between the rules on disk (`current`) and the generated ones (`wanted`):
 * rules are keyed by kind and name; expressions are compared as normalised ASTs, so formatting,
 * comments and key order never count as drift. Lists are sorted by name.
 */
export function diffRuleFiles(current: RuleFile, wanted: RuleFile): RuleDiff {
  const a = keyed(current);
  const b = keyed(wanted);
  const show = (k: string): string => k.replace(/^(record|alert):/, '');
  const added = [...b.keys()].filter((k) => !a.has(k)).map(show).sort();
  const removed = [...a.keys()].filter((k) => !b.has(k)).map(show).sort();
  const changed: RuleChange[] = [];
  for (const [k, want] of b) {
    const have = a.get(k);
    if (!have) continue;
    const fields: string[] = [];
    if (have.group !== want.group) fields.push('group');
    if (have.interval !== want.interval) fields.push('interval');
    if (normalizePromql(have.rule.expr) !== normalizePromql(want.rule.expr)) fields.push('expr');
    if (!sameMap(have.rule.labels, want.rule.labels)) fields.push('labels');
    if (!isRecording(have.rule) && !isRecording(want.rule)) {
      if (canonicalDuration(have.rule.for ?? '0s') !== canonicalDuration(want.rule.for ?? '0s')) fields.push('for');
      if (!sameMap(have.rule.annotations, want.rule.annotations)) fields.push('annotations');
    }
    if (fields.length) changed.push({ name: show(k), fields });
  }
  changed.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { added, removed, changed };
}

export const isEmptyDiff = (d: RuleDiff): boolean => d.added.length + d.removed.length + d.changed.length === 0;
