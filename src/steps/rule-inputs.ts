/** Rule files as steps take them: files, folders and globs, each file read through the Workspace. */
import { InputError } from '../core/errors';
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
 * glob its matches), in order, none twice. Missing, unreadable or invalid → InputError (exit 3),
 * and so is a file named by the user that holds only other Kubernetes resources; found in a
 * folder, such a file (a Deployment beside the PrometheusRules) contributes nothing.
 */
export function readRuleFiles(ws: Workspace, paths: readonly string[], option = '--rules'): NamedRuleFile[] {
  return expandInputPaths(paths, ws, { extensions: ['yml', 'yaml'], what: 'rule file', option }).map((p) => {
    const file = ws.ruleFile(p.abs);
    if (p.named && file.groups.length === 0 && file.foreign) {
      throw new InputError(`${p.display}: holds no rules, only ${[...new Set(file.foreign)].join(', ')}; give rule files or PrometheusRule resources (check ${option})`);
    }
    return { display: p.display, file };
  });
}
