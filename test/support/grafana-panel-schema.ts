/**
 * The options Grafana's own schema (`@grafana/schema`, generated from Grafana's CUE) requires of a
 * panel type, read from its TypeScript declarations with the compiler: every non-optional
 * property of the type's `Options`, nested objects included, and the allowed values of each enum
 * or literal union. A test support module: checks generated panels against the schema.
 */
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** Panel type → folder under `raw/composable` of @grafana/schema. */
const FOLDERS: Record<string, string> = {
  barchart: 'barchart',
  bargauge: 'bargauge',
  gauge: 'gauge',
  heatmap: 'heatmap',
  histogram: 'histogram',
  piechart: 'piechart',
  stat: 'stat',
  'state-timeline': 'statetimeline',
  'status-history': 'statushistory',
  table: 'table',
  text: 'text',
  timeseries: 'timeseries',
};

export interface Requirement {
  /** Dotted path under the panel's `options`. */
  path: string;
  /** Allowed values when the schema restricts them (an enum or a literal union). */
  values?: Array<string | number | boolean>;
}

const ROOT = join(dirname(require.resolve('@grafana/schema/package.json')), 'dist/types/raw/composable');
const fileOf = (type: string): string => join(ROOT, FOLDERS[type]!, 'panelcfg/x/types.gen.d.ts');

let cache: Map<string, Requirement[]> | undefined;

/** Every panel type this module knows. */
export const SCHEMA_PANEL_TYPES = Object.keys(FOLDERS);

/** The requirements of every known panel type, computed once per process. */
export function requiredOptions(type: string): Requirement[] | undefined {
  if (!(type in FOLDERS)) return undefined;
  if (!cache) {
    cache = new Map();
    const program = ts.createProgram(SCHEMA_PANEL_TYPES.map(fileOf), { strict: true, skipLibCheck: true, noEmit: true });
    const checker = program.getTypeChecker();
    for (const t of SCHEMA_PANEL_TYPES) {
      const source = program.getSourceFile(fileOf(t))!;
      const options = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === 'Options')!;
      const out: Requirement[] = [];
      walk(checker, checker.getDeclaredTypeOfSymbol(options), '', out, 0);
      cache.set(t, out);
    }
  }
  return cache.get(type);
}

function walk(checker: ts.TypeChecker, type: ts.Type, prefix: string, out: Requirement[], depth: number): void {
  for (const prop of checker.getPropertiesOfType(type)) {
    if (prop.flags & ts.SymbolFlags.Optional) continue;
    const path = prefix ? `${prefix}.${prop.name}` : prop.name;
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    const propType = checker.getNonNullableType(decl ? checker.getTypeOfSymbolAtLocation(prop, decl) : checker.getDeclaredTypeOfSymbol(prop));
    const members = propType.isUnion() ? propType.types : [propType];
    const literals = members.filter((m) => m.isLiteral() || m.flags & ts.TypeFlags.BooleanLiteral);
    if (literals.length === members.length && !(propType.flags & ts.TypeFlags.Boolean)) {
      out.push({ path, values: literals.map((m) => (m.isLiteral() ? (m.value as string | number) : checker.typeToString(m) === 'true')) });
      continue;
    }
    out.push({ path });
    const isObject = propType.flags & ts.TypeFlags.Object && !checker.isArrayType(propType) && propType.getCallSignatures().length === 0;
    if (isObject && depth < 4) walk(checker, propType, path, out, depth + 1);
  }
}

/**
 * What `options` lacks or gets wrong for a panel of `type`: `missing <path>` or
 * `<path>: <value> is not one of <values>`, children of a missing object not repeated. Empty
 * for a panel type the schema does not cover (rows).
 */
export function optionProblems(type: string, options: unknown): string[] {
  const problems: string[] = [];
  const missing: string[] = [];
  for (const r of requiredOptions(type) ?? []) {
    if (missing.some((m) => r.path.startsWith(`${m}.`))) continue;
    let v: unknown = options;
    for (const key of r.path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    if (v === undefined) {
      missing.push(r.path);
      problems.push(`missing ${r.path}`);
    } else if (r.values && !r.values.includes(v as string)) problems.push(`${r.path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(r.values)}`);
  }
  return problems;
}
