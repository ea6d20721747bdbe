/**
 * Artifacts: generator output held in memory, before one writer writes or checks it. The kind
 * says how a file on disk is compared with it in check mode (see src/output/apply-artifacts.ts).
 */

/**
 * `text`: byte for byte; `yaml`/`json`: by meaning (parsed, canonical); `rules`: a Prometheus
 * rule file, rule by rule; `dashboard`: a Grafana dashboard, panel by panel.
 */
export type ArtifactKind = 'text' | 'yaml' | 'json' | 'rules' | 'dashboard';

export interface Artifact {
  /** Path as the user sees it: relative to the working directory (or absolute when given so), forward slashes. */
  path: string;
  /** Full file content: LF line endings, trailing newline. */
  content: string;
  kind: ArtifactKind;
  /** Short name in drift tokens (a dashboard's slug); the path when absent. */
  label?: string;
  /**
   * What reading `content` back gives (kind `rules`: the RuleFile its parser returns; kind
   * `dashboard`: the JSON object), so that later steps of the same process take it instead of
   * parsing the file they find it in.
   */
  parsed?: unknown;
}

/** A folder whose `ext` files all come from the step: any other such file there is an orphan in check mode. */
export interface OwnedFolder {
  dir: string;
  ext: string;
  /** What to do about an orphan, e.g. "delete the file, or add a plan entry that generates it". */
  orphanFix: string;
}

/**
 * Normalise generated text: LF only, exactly one trailing newline. Text that is already so is
 * returned as it is, so a generator that ends its text with one newline costs no copy of it.
 */
export function finalizeText(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // trailing newlines trimmed by hand: /\n*$/ tries every offset of the text
  let end = lf.length;
  while (end > 0 && lf.charCodeAt(end - 1) === 10) end--;
  if (end === lf.length - 1) return lf;
  return `${end === lf.length ? lf : lf.slice(0, end)}\n`;
}
