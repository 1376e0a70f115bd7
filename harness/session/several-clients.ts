import { UsageError } from '../usage-error.js';
import { NAMED_CLIENT, REAL_CLIENTS, resolveClient } from '../clients/index.js';
import { newestVersion } from '../clients/install.js';
import type { Drive } from '../clients/types.js';
import { runSessions, type RunTarget } from './several.js';
import type { SessionTemplate } from './request.js';

// `--client A --client B` and `--client all`: one run per client, as `--versions` runs one per version.

export class SeveralClientsError extends UsageError {}

/** The results subfolder of a client: its name (with the version it names), or `command-N` for a command line. */
function labelOf(client: string, index: number): string {
  return NAMED_CLIENT.test(client.trim()) ? client.trim() : `command-${index + 1}`;
}

/**
 * What `--client` values run: each value as given, or `all` alone for every built-in real client at its newest
 * published version (asked of npm once per client; one that cannot be asked still runs, as its plain name, and fails
 * to install there with the reason). Every value is resolved first, so a typo in the third is refused before the first runs.
 */
export async function clientTargets(values: string[], drive?: Drive, newest: (pkg: string) => Promise<string> = newestVersion): Promise<RunTarget[]> {
  if (values.includes('all')) {
    if (values.length > 1) throw new SeveralClientsError('--client all already runs every built-in real client; give it alone');
    return Promise.all(
      REAL_CLIENTS.map(async (definition) => {
        const client = await newest(definition.npmPackage).then(
          (version) => `${definition.name}@${version}`,
          () => definition.name,
        );
        return { label: client, client };
      }),
    );
  }
  const targets = values.map((client, index) => ({ label: labelOf(client, index), client: client.trim() }));
  for (const target of targets) {
    const adapter = resolveClient(target.client, undefined, drive);
    // A command's (or the reference's) preparation only looks it up; a real client's would install it, which its run does.
    if (!REAL_CLIENTS.some((c) => NAMED_CLIENT.exec(target.label)?.[1] === c.name)) await adapter.prepare?.();
  }
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.label)) throw new SeveralClientsError(`--client ${target.client} is given twice`);
    seen.add(target.label);
  }
  return targets;
}

/** The flags of `run` that several clients refuse. */
export interface SeveralClientsFlags {
  clientPath?: string;
  versions?: string;
  baseline?: unknown;
  updateBaseline?: unknown;
}

/** Before anything is selected or installed: the flags that hold for one client only. */
export function refuseSeveralClientsFlags(flags: SeveralClientsFlags): void {
  if (flags.clientPath) throw new SeveralClientsError('--client-path names one binary; with several clients run each on its own');
  if (flags.versions) throw new SeveralClientsError('--versions runs the versions of one client; with several clients give NAME@VERSION to --client');
  if (flags.baseline || flags.updateBaseline)
    throw new SeveralClientsError("a baseline holds one client's accepted failures; with several clients run each with its own");
}

/** `run --client A --client B` or `--client all`: one session per client (harness/session/several.ts). */
export async function runClients(values: string[], template: SessionTemplate, drive?: Drive): Promise<number> {
  return runSessions(await clientTargets(values, drive), template, drive, 'client');
}
