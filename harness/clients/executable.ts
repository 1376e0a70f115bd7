import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Why `path` cannot be run as a program (missing, a folder, not executable), or undefined when it can. */
export function notRunnable(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 'no such file';
  }
  if (stat.isDirectory()) return 'a folder, not a program';
  // A .js entry point is run with this Node, so reading it is enough.
  const mode = /\.(c|m)?js$/.test(path) ? constants.R_OK : constants.X_OK;
  try {
    accessSync(path, mode);
    return undefined;
  } catch {
    return mode === constants.R_OK ? 'not readable' : 'not executable';
  }
}

/**
 * Where a command of a command line is found the way spawn finds it: a path (with a slash) from the working
 * folder, a bare name on PATH. Undefined when nothing runnable is there.
 */
export function findCommand(command: string, path = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/')) {
    const file = isAbsolute(command) ? command : resolve(command);
    return notRunnable(file) ? undefined : file;
  }
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, command);
    try {
      if (statSync(file).isFile()) {
        accessSync(file, constants.X_OK);
        return file;
      }
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
