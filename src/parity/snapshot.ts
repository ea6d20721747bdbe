/** The per-cycle snapshot summary: its types, schema version and validation against snapshot.schema.json. */
import validateGenerated from './snapshot-validate.generated';

/** Version of the snapshot summary document; bump with snapshot.schema.json. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

export type IndexStatus = 'OK' | 'PARTIAL' | 'EMPTY';
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** One expiry of one index in one cycle. */
export interface ExpirySummary {
  /** Expiry date, YYYY-MM-DD. */
  expiry: string;
  /** Expiry rule that resolved it, e.g. `this_week`. */
  rule: string;
  option_count: number;
  /** Fraction of the requested strike ladder that returned options, 0..1. */
  strike_coverage: number;
  /** Fraction of options with volume, OI and average price, 0..1. */
  field_coverage: number;
  /** Options collected per strike, keyed by the strike as a decimal string ("24800", "24812.5"). */
  strike_counts: Record<string, number>;
}

/** One index in one cycle. */
export interface IndexSummary {
  index: string;
  status: IndexStatus;
  option_count: number;
  expiries: ExpirySummary[];
  strike_coverage_avg: number;
  field_coverage_avg: number;
}

/** Alert categories raised in one cycle (a category with count 0 may be listed or left out). */
export interface AlertsSummary {
  total: number;
  categories: Record<string, number>;
  severity: Record<string, AlertSeverity>;
}

/**
 * The snapshot summary `g6 run` writes per cycle and `g6 parity-snapshot` compares.
 * `generated_at` and `source` are informational: parity never scores them.
 */
export interface SnapshotSummary {
  schema_version: typeof SNAPSHOT_SCHEMA_VERSION;
  cycle: number;
  generated_at?: string;
  source?: string;
  indices: IndexSummary[];
  options_total: number;
  alerts: AlertsSummary;
}

/** One schema violation: a JSON pointer into the document and the reason. */
export interface SnapshotProblem {
  pointer: string;
  message: string;
}

interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> | null;
}

const validator = validateGenerated as unknown as GeneratedValidator;

/**
 * Check `data` against snapshot.schema.json (the precompiled ajv validator). Pure. Returns every
 * problem, sorted by pointer; an empty list means `data` is a {@link SnapshotSummary}.
 */
export function validateSnapshotSummary(data: unknown): SnapshotProblem[] {
  if (validator(data)) return [];
  const problems = (validator.errors ?? []).map((e) => ({ pointer: e.instancePath || '/', message: describe(e) }));
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.pointer}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : a.message < b.message ? -1 : 1));
}

function describe(e: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(e.params.additionalProperty)}"`;
    case 'enum':
      return `${e.message ?? 'invalid value'}: ${JSON.stringify(e.params.allowedValues)}`;
    case 'const':
      return `must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'propertyNames':
      return `invalid property name "${String(e.params.propertyName)}"`;
    default:
      return e.message ?? e.keyword;
  }
}
