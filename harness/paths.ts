import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, whether running from dist/ (installed or built) or anywhere below it. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Compiled JavaScript of this package, beside this module. */
export const DIST_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A client program the harness starts (the reference client, the SDK driver): its compiled file, by name. */
export function clientProgram(name: 'reference-client' | 'sdk-driver'): string {
  return join(DIST_ROOT, 'harness', 'clients', 'programs', `${name}.js`);
}

interface PackageJson {
  version: string;
  homepage: string;
}

function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

export function packageVersion(): string {
  return packageJson().version;
}

/** The project's GitHub address (package.json's homepage without its fragment), for links that must work off the repository. */
export function repositoryUrl(): string {
  return packageJson().homepage.replace(/#.*$/, '');
}
