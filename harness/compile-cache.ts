import module from 'node:module';
import { join } from 'node:path';
import { harnessCacheRoot } from './cache-root.js';

type EnableCompileCache = (directory?: string) => unknown;

/**
 * Node 22.1 and newer keep the code they compiled for the harness's modules on disk, so the next run and each
 * scenario's worker skip compiling it again (a run's start is mostly compilation). Enabled before the modules load;
 * elsewhere (Node 20) nothing happens. Clients never see it: Node does not pass it on to child processes.
 */
export function enableCompileCache(): void {
  const enable = (module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  try {
    enable?.(join(harnessCacheRoot(), 'compile-cache'));
  } catch {
    // a cache folder that cannot be written is only a slower start
  }
}
