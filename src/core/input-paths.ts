/** Expanding the paths a user names — files, folders, globs — into the input files they stand for. */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { InputError } from './errors';

export interface InputPath {
  /** Absolute path. */
  abs: string;
  /** As shown to the user. */
  display: string;
  /** Named by the user itself, not found in a folder or by a glob: a file that holds nothing wanted is an error only then. */
  named?: boolean;
}

/** How user-given paths resolve and display (the Workspace's rules). */
export interface PathResolver {
  resolve(path: string): string;
  display(path: string): string;
}

/** Where readers share their work within one process (the Workspace): what a reader made of a file's text. */
export interface ParseMemo {
  /**
   * What `make` returns for the text of the file at `abs` read as `kind`, made once per content:
   * the file is read on every call and decoded only when it changed. Unreadable → InputError
   * naming `label` and `what` the file is. Callers must not mutate the value.
   */
  read<T>(kind: string, abs: string, what: string, label: string, make: (text: string) => T): T;
}

export interface ExpandOptions {
  /** Extensions a folder or glob contributes, lower-case without the dot (`json`, `yaml`). */
  extensions: readonly string[];
  /** What the files are, for messages: `dashboard`, `rule file`. */
  what: string;
  /** The option that named the paths, for the fix: `--dashboards`. */
  option: string;
  /** File names a folder never contributes (`manifest.json`). */
  exclude?: readonly string[];
}

const GLOB_CHARS = /[*?[\]{}]/;
const slash = (p: string): string => p.split(sep).join('/');

/* eslint-disable @typescript-eslint/no-require-imports */
/** fast-glob, loaded by the first glob expanded: its modules load node's streams, which a command reading only files and folders never needs. */
const glob = (): typeof import('fast-glob') => require('fast-glob') as typeof import('fast-glob');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The files named by `paths`, in the order given, each folder's and glob's files sorted by path
 * and none twice. A file stands for itself whatever its extension; a folder for every file below
 * it (recursively, hidden entries skipped) with one of the extensions; a glob (`*`, `?`, `[…]`,
 * `{…}`, when no file has that very name) for the matching files with one of the extensions. A
 * missing path, or a folder or glob with no such file, is an InputError (exit 3) naming it.
 */
export function expandInputPaths(paths: readonly string[], at: PathResolver, options: ExpandOptions): InputPath[] {
  const out: InputPath[] = [];
  const seen = new Set<string>();
  const add = (abs: string, named: boolean): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ abs, display: at.display(abs), ...(named ? { named } : {}) });
  };
  const wanted = (file: string): boolean => {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    return dot > 0 && options.extensions.includes(name.slice(dot + 1).toLowerCase()) && !(options.exclude ?? []).includes(name);
  };
  const kinds = options.extensions.map((e) => `*.${e}`).join(', ');
  for (const path of paths) {
    const abs = at.resolve(path);
    if (GLOB_CHARS.test(path) && !exists(abs)) {
      // the folder the path is relative to is escaped; the user's part stays a pattern
      const pattern = isAbsolute(path) ? slash(path) : `${glob().convertPathToPattern(at.resolve('.'))}/${slash(path)}`;
      const matches = glob().sync(pattern, { absolute: true, onlyFiles: true, dot: false }).filter(wanted).sort();
      if (matches.length === 0) throw new InputError(`${at.display(path)}: no ${options.what} (${kinds}) matches this pattern; check ${options.option}`);
      for (const m of matches) add(m, false);
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new InputError(`${at.display(path)}: cannot read ${options.what}: file not found; check ${options.option}`);
    }
    if (!isDir) {
      add(abs, true);
      continue;
    }
    const files = filesBelow(abs).filter(wanted).sort();
    if (files.length === 0) throw new InputError(`${at.display(path)}: the folder holds no ${options.what} (${kinds}); check ${options.option}`);
    for (const f of files) add(join(abs, f), false);
  }
  return out;
}

/**
 * The files below `dir` as paths relative to it with `/` (in no order), as fast-glob's `**` + `/*`
 * with `onlyFiles` and without `dot` finds them: entries whose name starts with a dot are skipped,
 * symbolic links are followed (a link to a file is a file, a broken link nothing; a link back to a
 * folder already being walked is not walked again). A folder that cannot be read throws the file
 * system's error.
 */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walking = new Set<string>();
  const walk = (under: string): void => {
    const here = under ? join(dir, under) : dir;
    const real = realpathSync(here);
    if (walking.has(real)) return; // a cycle of links
    walking.add(real);
    for (const entry of readdirSync(here, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = under ? `${under}/${entry.name}` : entry.name;
      let kind: { isFile(): boolean; isDirectory(): boolean } = entry;
      if (entry.isSymbolicLink()) {
        try {
          kind = statSync(join(dir, rel));
        } catch {
          continue; // a broken link
        }
      }
      if (kind.isFile()) out.push(rel);
      else if (kind.isDirectory()) walk(rel);
    }
    walking.delete(real);
  };
  walk('');
  return out;
}

function exists(abs: string): boolean {
  try {
    statSync(abs);
    return true;
  } catch {
    return false;
  }
}

