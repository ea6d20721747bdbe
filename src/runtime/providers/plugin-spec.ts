/** The `<module>:<export>` and `<module>` spellings of a provider plugin, shared by the config check, the loader and parity baselines. */
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';

/** A plugin spec `<module>:<export>`: a module path without a colon, then a JavaScript identifier. */
export const PLUGIN_SPEC = /^[^:]+:[A-Za-z_$][\w$]*$/;

/** The module form `<module>` (the earlier `package.module`): the module object itself is the provider. */
export const MODULE_SPEC = /^[^:\s]+$/;

/** A dotted module name of the earlier platform (`package.module`) as Node module paths: under the working directory, then a package's; else none. */
const dottedAsPaths = (spec: string): string[] => {
  if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(spec) || /\.(c|m)?js$/.test(spec)) return [];
  const path = spec.split('.').join('/');
  return [`./${path}`, path];
};

/**
 * The module a plugin module path names, as `require` would load it from `cwd` (`./x.js` relative
 * to cwd, a package from its node_modules, a dotted `package.module` as `./package/module` or the package's `package/module`); undefined
 * when nothing resolves.
 */
export function resolvePluginModule(modulePath: string, cwd: string): string | undefined {
  const req = createRequire(join(cwd, 'package.json'));
  for (const candidate of [modulePath, ...dottedAsPaths(modulePath)]) {
    const target = candidate.startsWith('.') || isAbsolute(candidate) ? resolve(cwd, candidate) : candidate;
    try {
      return req.resolve(target);
    } catch {
      // not this spelling; the next one, or undefined
    }
  }
  return undefined;
}
