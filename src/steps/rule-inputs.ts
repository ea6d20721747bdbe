/** Rule files as steps take them: files, folders and globs, each file read through the Workspace. */
import { expandInputPaths } from '../core/input-paths';
import type { RuleFile } from '../rules/rule-file';
import type { Workspace } from './workspace';

export interface NamedRuleFile {
  /** The file as shown to the user. */
  display: string;
  file: RuleFile;
}

/**
 * Every rule file `paths` name (a folder contributes its `*.yml`/`*.yaml` files recursively, a
 * glob its matches), in order, none twice. Missing, unreadable or invalid → InputError (exit 3).
 */
export function readRuleFiles(ws: Workspace, paths: readonly string[], option = '--rules'): NamedRuleFile[] {
  return expandInputPaths(paths, ws, { extensions: ['yml', 'yaml'], what: 'rule file', option }).map((p) => ({ display: p.display, file: ws.ruleFile(p.abs) }));
}
