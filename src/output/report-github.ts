/** GitHub workflow annotations: one `::error file=…,line=…,col=…,title=<ruleId>::message` per finding. */
import type { Finding } from '../core/findings';
import type { Report } from './report';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command for `f`: error, warning or notice (info). */
export function githubAnnotation(f: Finding): string {
  const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (f.location?.file) props.push(`file=${escapeProperty(f.location.file)}`);
  if (f.location?.line) props.push(`line=${f.location.line}`);
  if (f.location?.column) props.push(`col=${f.location.column}`);
  props.push(`title=${escapeProperty(f.ruleId)}`);
  const text = f.fix ? `${f.message}; fix: ${f.fix}` : f.message;
  return `::${level} ${props.join(',')}::${escapeData(text)}\n`;
}

export function renderGithub(report: Report): string {
  return report.findings.map(githubAnnotation).join('');
}
