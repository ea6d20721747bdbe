/** Renders a report in the chosen format. Pure: returns text; src/cli prints it. Adding a format adds a file. */
import type { Rendered, RenderOptions, Report, ReportFormat } from './report';
import { renderGithub } from './report-github';
import { renderMarkdown } from './report-markdown';
import { renderText } from './report-text';

/** Render `report` in `format`: JSON, annotations and markdown on stdout; text for people on stderr. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions): Rendered {
  switch (format) {
    case 'json':
      return { stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: '' };
    case 'github':
      return { stdout: renderGithub(report), stderr: `${report.summary}\n` };
    case 'markdown':
      return { stdout: renderMarkdown(report), stderr: '' };
    case 'text':
      return renderText(report, options);
  }
}
