// The bench drives the clients already in the client cache and installs none: a measurement must not wait on npm.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { clientCacheRoot } from '../../harness/clients/install.js';
import type { RealClientDefinition } from '../../harness/clients/real-client.js';

/** The newest version of a real client installed in the client cache, if any. */
export function newestCached(client: RealClientDefinition): string | undefined {
  const prefix = `${(client.installPackage?.('0.0.0') ?? client.npmPackage).replace('/', '+')}@`;
  let entries: string[];
  try {
    entries = readdirSync(clientCacheRoot());
  } catch {
    return undefined;
  }
  const versions = entries
    .filter((e) => e.startsWith(prefix) && existsSync(join(clientCacheRoot(), e, '.installed')))
    .map((e) => e.slice(prefix.length))
    .filter((v) => semver.valid(v));
  return semver.rsort(versions)[0];
}
