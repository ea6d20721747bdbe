/**
 * A Markdown summary a CI job can post as a pull-request comment: the outcome, one row per step,
 * drift by category (dashboard panels added, removed, changed, renamed; rules added, removed,
 * changed; files missing, stale, orphaned) and a table of the findings.
 */
import type { Finding } from '../core/findings';
import type { Report } from './report';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

interface DriftSummary {
  panels: Record<'added' | 'removed' | 'changed' | 'renamed', number>;
  rules: Record<'added' | 'removed' | 'changed', string[]>;
  files: Record<'missing' | 'stale' | 'orphan', string[]>;
}

/** Drift in `findings`, by category. */
export function summarizeDrift(findings: readonly Finding[]): DriftSummary {
  const drift: DriftSummary = { panels: { added: 0, removed: 0, changed: 0, renamed: 0 }, rules: { added: [], removed: [], changed: [] }, files: { missing: [], stale: [], orphan: [] } };
  for (const f of findings) {
    const file = f.location?.file ?? '';
    const kind = f.ruleId.replace(/^drift\//, '');
    const panelKind = kind.replace(/^dashboard-/, '');
    if (kind.startsWith('dashboard-') && panelKind in drift.panels) drift.panels[panelKind as keyof DriftSummary['panels']] += Number(f.context?.count ?? 0);
    else if (kind === 'rules') {
      const rules = f.context?.rules as { added: string[]; removed: string[]; changed: Array<{ name: string }> } | undefined;
      drift.rules.added.push(...(rules?.added ?? []));
      drift.rules.removed.push(...(rules?.removed ?? []));
      drift.rules.changed.push(...(rules?.changed ?? []).map((c) => c.name));
    } else if (kind === 'missing' || kind === 'orphan') drift.files[kind].push(file);
    else if (kind === 'stale' || kind.startsWith('dashboard-')) drift.files.stale.push(file);
  }
  return drift;
}

function driftLines(findings: readonly Finding[]): string[] {
  const d = summarizeDrift(findings);
  const lines: string[] = [];
  const p = d.panels;
  if (p.added + p.removed + p.changed + p.renamed > 0) lines.push(`- Dashboard panels: ${p.added} added, ${p.removed} removed, ${p.changed} changed, ${p.renamed} renamed`);
  for (const k of ['added', 'removed', 'changed'] as const) if (d.rules[k].length) lines.push(`- Rules ${k}: ${d.rules[k].map(code).join(', ')}`);
  for (const k of ['missing', 'stale', 'orphan'] as const) {
    const files = [...new Set(d.files[k])];
    if (files.length) lines.push(`- Files ${k === 'orphan' ? 'orphaned' : k}: ${files.map(code).join(', ')}`);
  }
  return lines;
}

function findingsTable(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const rows = findings.map((f) => {
    const l = f.location;
    const where = l ? [l.file, l.line, l.column].filter((x) => x !== undefined).join(':') : '';
    return `| ${f.severity} | ${code(f.ruleId)} | ${cell(where)} | ${cell(f.message)}${f.fix ? ` — ${cell(f.fix)}` : ''} |`;
  });
  return ['| severity | rule | location | message |', '|---|---|---|---|', ...rows];
}

export function renderMarkdown(report: Report): string {
  const verdict = report.ok ? 'passed' : `failed (exit ${report.exitCode})`;
  const c = report.counts;
  const lines = [`### g6 ${report.tool}: ${verdict}`, '', `${c.error} error(s), ${c.warning} warning(s), ${c.info} info.`, ''];
  if (report.steps) {
    lines.push('| step | result | errors | warnings |', '|---|---|---|---|');
    for (const s of report.steps) lines.push(`| ${code(s.tool)} | ${s.skipped ? 'skipped' : s.ok ? 'ok' : `exit ${s.exitCode}`} | ${s.counts.error} | ${s.counts.warning} |`);
    lines.push('');
  }
  const drift = driftLines(report.findings);
  if (drift.length) lines.push('#### Drift', '', ...drift, '');
  const table = findingsTable(report.findings);
  if (table.length) lines.push('#### Findings', '', ...table, '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
