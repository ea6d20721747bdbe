/** JSON Schema validation of a parsed spec document, reported as located findings. */
import type { ErrorObject } from 'ajv';
import type { Finding } from '../core/findings';
import { decodeSegment, locate, type ParsedYaml } from './parse-yaml';
// ajv's standalone code for metric-spec.schema.json, precompiled (see test/spec/schema-validator.test.ts)
import validateSpecDocument from './metric-spec.validate.generated';

export type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Which schema a document is checked against: its validator, its path (named in fixes) and the rule-id area. */
export interface SchemaUse {
  validate: Validate;
  schemaPath: string;
  area: string;
}

const SPEC_SCHEMA: SchemaUse = { validate: validateSpecDocument as Validate, schemaPath: 'src/spec/metric-spec.schema.json', area: 'spec' };

/** Every schema violation of the spec document, one finding each, located by pointer and line. */
export function checkSpecSchema(parsed: ParsedYaml): Finding[] {
  return checkAgainstSchema(parsed, SPEC_SCHEMA);
}

/** Every violation of `use`'s schema in the document, as `<area>/schema-<keyword>` findings. */
export function checkAgainstSchema(parsed: ParsedYaml, use: SchemaUse): Finding[] {
  if (use.validate(parsed.doc)) return [];
  return (use.validate.errors ?? []).filter(isUseful).map((e) => schemaFinding(parsed, e, use));
}

// `if`/`anyOf` wrappers repeat what their branches say
function isUseful(e: ErrorObject): boolean {
  return e.keyword !== 'if' && e.keyword !== 'anyOf';
}

function schemaFinding(parsed: ParsedYaml, e: ErrorObject, use: SchemaUse): Finding {
  let pointer = e.instancePath;
  let message: string;
  let fix: string;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      message = `missing required field "${String(p.missingProperty)}"`;
      fix = `add "${String(p.missingProperty)}"`;
      break;
    case 'additionalProperties':
      pointer = `${pointer}/${String(p.additionalProperty)}`;
      message = `unknown field "${String(p.additionalProperty)}"`;
      fix = `remove it or correct its spelling (see ${use.schemaPath} for the allowed fields)`;
      break;
    case 'enum':
      message = `value ${JSON.stringify(valueAt(parsed.doc, pointer))} is not allowed`;
      fix = `use one of: ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`;
      break;
    case 'type':
      message = `must be ${String(p.type)}, got ${describe(valueAt(parsed.doc, pointer))}`;
      fix = `write a${/^[aeiou]/.test(String(p.type)) ? 'n' : ''} ${p.type === 'number' ? 'finite number' : String(p.type)}`;
      break;
    case 'pattern':
      message = `value ${JSON.stringify(valueAt(parsed.doc, pointer))} does not match ${String(p.pattern)}`;
      fix = 'rename it to match the pattern';
      break;
    case 'minimum':
    case 'exclusiveMinimum':
      message = `must be ${e.keyword === 'minimum' ? '>=' : '>'} ${String(p.limit)}, got ${JSON.stringify(valueAt(parsed.doc, pointer))}`;
      fix = `use a value ${e.keyword === 'minimum' ? '>=' : '>'} ${String(p.limit)}`;
      break;
    case 'minItems':
    case 'minLength':
      message = 'must not be empty';
      fix = 'give it at least one entry, or remove the field';
      break;
    case 'propertyNames':
      message = `name ${JSON.stringify(p.propertyName)} is not allowed`;
      fix = use.area === 'spec' ? 'use lower_snake_case' : `rename it (see ${use.schemaPath})`;
      break;
    default:
      message = e.message ?? 'schema violation';
      fix = `see ${use.schemaPath}`;
  }
  const pos = locate(parsed, pointer);
  return {
    ruleId: `${use.area}/schema-${e.keyword}`,
    severity: 'error',
    message,
    fix,
    location: { file: parsed.file, line: pos?.line, column: pos?.column, pointer },
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number' && !Number.isFinite(v)) return `non-finite number ${String(v)}`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Value at a JSON pointer, or undefined. */
export function valueAt(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = decodeSegment(raw);
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
