/** Paths the user gives to the commands that are not steps, relative to the working directory. */
import { isAbsolute, resolve } from 'node:path';
import type { CommandContext } from './io';

/** Absolute path of a user-given path, relative to the command's working directory. */
export function resolvePath(ctx: CommandContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.io.cwd, path);
}
