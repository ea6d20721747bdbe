/** Reads a snapshot summary file and validates it; every failure is an InputError naming the file. */
import { InputError } from '../core/errors';
import { parseJsonInput } from '../core/parse-json';
import { readInputFile } from '../core/read-input';
import { validateSnapshotSummary, type SnapshotSummary } from './snapshot';

/**
 * Load `file` as a {@link SnapshotSummary}. Throws {@link InputError} (exit 3) when the file is
 * unreadable, over the input limits, not JSON, or violates snapshot.schema.json; the message lists every violation as
 * `file: /json/pointer: reason`, with the file named as `shown` (the path the user gave).
 */
export function loadSnapshotSummary(file: string, shown: string = file): SnapshotSummary {
  const data = parseJsonInput(readInputFile(file, 'snapshot', shown), shown, 'fix the file or take the snapshot again');
  const problems = validateSnapshotSummary(data);
  if (problems.length > 0) {
    const lines = problems.slice(0, 20).map((p) => `${shown}: ${p.pointer}: ${p.message}`);
    if (problems.length > 20) lines.push(`${shown}: ... and ${problems.length - 20} more`);
    throw new InputError(
      `${lines.join('\n')}\n${shown}: not a valid snapshot summary (see docs/parity.md#snapshot-summary)`,
    );
  }
  return data as SnapshotSummary;
}
