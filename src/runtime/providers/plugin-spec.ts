/** The `<module>:<export>` spelling of a provider plugin, shared by the config check, the loader and parity baselines. */

/** A plugin spec `<module>:<export>`: a module path without a colon, then a JavaScript identifier. */
export const PLUGIN_SPEC = /^[^:]+:[A-Za-z_$][\w$]*$/;
