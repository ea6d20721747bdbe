/** The `<module>:<export>` and `<module>` spellings of a provider plugin, shared by the config check, the loader and parity baselines. */
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';

/** A plugin spec `<module>:<export>`: a module path without a colon, then a JavaScript identifier. */
export const PLUGIN_SPEC = /^[^:]+:[A-Za-z_$][\w$]*$/;

/** The module form `<module>` (the earlier `package.module`): the module object itself is the provider. */
export const MODULE_SPEC = /^[^:\s]+$/;

/** A dotted module name of the earlier platform (`package.module`) as a Node module path, else undefined. */
export const dottedAsPath = (spec: string): string | undefined =>
  /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(spec) && !/\.(c|m)?js$/.test(spec) ? spec.split('.').join('/') : undefined;

/**
 * The module a plugin module path names, as `require` would load it from `cwd` (`./x.js` relative
 * to cwd, a package from its node_modules, a dotted `package.module` as `package/module`); undefined
 * when nothing resolves.
 */
export function resolvePluginModule(modulePath: string, cwd: string): string | undefined {
  const req = createRequire(join(cwd, 'package.json'));
  for (const candidate of [modulePath, dottedAsPath(modulePath)]) {
    if (candidate === undefined) continue;
    const target = candidate.startsWith('.') || isAbsolute(candidate) ? resolve(cwd, candidate) : candidate;
    try {
      return req.resolve(target);
    } catch {
      // not this spelling; the next one, or undefined
    }
  }
  return undefined;
}
