/** Renders the key table (config-keys.ts) for people: the `g6 run --help` line of a flag and the docs/runtime.md table. */
import { CONFIG_KEYS, expectedValues, type ConfigKey } from './config-keys';

function defaultText(key: ConfigKey): string {
  const d = key.default;
  if (typeof d === 'string') return d === '' ? '""' : d;
  return Array.isArray(d) ? JSON.stringify(d) : String(d);
}

/** The variable and its aliases, comma-separated. */
function envNames(key: ConfigKey): string[] {
  return [key.env, ...(key.aliases ?? [])];
}

/** `--help` text of a key's flag: its doc line (without Markdown), its default and its variables. */
export function flagHelp(key: ConfigKey): string {
  return `${key.doc.replace(/`/g, '')} (default ${defaultText(key)}; ${envNames(key).join(', ')})`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');
const code = (text: string): string => `\`${text}\``;

/** The row of the file-only `indices` key, which is outside the table of scalar keys. */
const INDICES_ROW =
  '| `indices` | | (file only) | five indices | list of objects | `{name, exchange, optionExchange, strikeStep, expiryWeekday (0=Sun), weekly, basePrice, annualVol, strikesItm, strikesOtm, expiryRules}`; a listed name starts from its defaults |';

/** The Markdown table of every key, one row each in CONFIG_KEYS order, ending with a newline. Pure. */
export function renderConfigTable(): string {
  const rows = CONFIG_KEYS.map((key) => {
    const flag = key.flag ? code(`${key.flag.name} <${key.flag.arg}>`) : '';
    const env = [code(key.env), ...(key.aliases ?? []).map((a) => `${code(a)} (alias)`), ...(key.legacy ?? []).map((l) => `${code(l.name)} (earlier, translated)`)].join(', ');
    // the "Values" column says what the error message would expect, without article or boolean spellings
    const values = expectedValues(key).replace(/^an? /, '').replace(/ \(.*\)$/, '');
    return `| ${code(key.path)} | ${flag} | ${env} | ${code(defaultText(key))} | ${cell(values)} | ${cell(key.doc)} |`;
  });
  return ['| Key (file) | Flag | Environment | Default | Values | Meaning |', '|---|---|---|---|---|---|', ...rows, INDICES_ROW, ''].join('\n');
}
