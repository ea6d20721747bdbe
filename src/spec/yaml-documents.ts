/** Multi-document YAML (`---`-separated streams, as kubectl and Helm write them), each document with positions in the whole file. */
import { parseYamlWithPositions, type ParsedYaml } from './parse-yaml';

/** A document start (`---`, maybe followed by a comment or content) or end (`...`) marker line. */
const MARKER = /^(---|\.\.\.)(?=[ \t]|$)/;

/**
 * Every non-empty document of a YAML stream, in order. Each is parsed on its own, preceded by as
 * many blank lines as came before it, so lines and columns of its positions and of its syntax
 * errors (YamlSyntaxError, naming `file:line:col`) are those of the whole file. A stream of one
 * document gives that document; an empty stream gives none.
 */
export function parseYamlDocuments(text: string, file: string): ParsedYaml[] {
  const lines = text.split('\n');
  const docs: ParsedYaml[] = [];
  let start = 0;
  const flush = (end: number): void => {
    const body = lines.slice(start, end);
    if (body.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#') && !l.startsWith('%'))) {
      const parsed = parseYamlWithPositions('\n'.repeat(start) + body.join('\n'), file);
      if (parsed.doc !== null) docs.push(parsed);
    }
  };
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) return;
    flush(i);
    // content after `---` on the same line belongs to the next document; the marker becomes blanks
    lines[i] = m[1] === '---' ? `   ${line.slice(3)}` : '';
    start = m[1] === '---' ? i : i + 1;
  });
  flush(lines.length);
  return docs;
}
