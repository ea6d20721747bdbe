/** Options several steps share, declared once. */
import { UsageError } from '../core/errors';
import { DEFAULT_PATHS } from '../model/conventions';
import type { StepOption } from './step';

export const specOption: StepOption = { flags: '--spec <path>', description: 'metric spec file', default: DEFAULT_PATHS.spec, fromPaths: 'spec' };

/** A non-negative integer option value. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n)) throw new UsageError('expected a non-negative integer');
  return n;
}

/** `run g6 <id> and commit the result`: the fix of every drift finding. */
export const regenerateFix = (id: string): string => `run g6 ${id} and commit the result`;
