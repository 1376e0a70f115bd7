import semver from 'semver';
import type { CheckId } from './checks/index.js';
import type { Verdict } from './types.js';

/**
 * A client bug already reported upstream, so that a failure it explains says where it is tracked and which release
 * fixed it instead of sending the user to file it again. Only bugs this harness reproduced go here: each entry was
 * run on both sides of its range (its comment gives the commands and what they showed), failing inside it and
 * passing outside it.
 */
export interface KnownBug {
  /** A built-in real client's name (harness/clients/index.ts REAL_CLIENTS). */
  client: string;
  /** The affected releases, a semver range; its ends are the releases the runs showed failing and passing. */
  versions: string;
  /** The scenarios the runs showed the bug failing. */
  scenarios: readonly string[];
  /** The checks the bug itself fails there; checks failing only as its consequence are not listed. */
  checks: readonly CheckId[];
  /** The upstream report. */
  url: string;
  /** What the client does wrong, in a few words. */
  title: string;
  /** The first release the runs showed passing, when one does. */
  fixedIn?: string;
}

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    // Verified: `--client opencode@1.0.185 -s split-auth0 --drive login` fails asm-from-authorization-server
    // (GET <mcp origin>/.well-known/oauth-authorization-server, answered 401); opencode@1.1.11, the next release
    // published, passes split-auth0.
    client: 'opencode',
    versions: '<1.1.11',
    scenarios: ['split-auth0'],
    checks: ['asm-from-authorization-server'],
    url: 'https://github.com/anomalyco/opencode/issues/7228',
    title: 'ignores authorization_servers and fetches the authorization server metadata from the MCP server',
    fixedIn: '1.1.11',
  },
  {
    // The callback is registered only after the browser is opened (cause and fix: anomalyco/opencode#9645, PR #9646),
    // so an authorization server that redirects at once gets 400 "Invalid or expired state parameter - potential
    // CSRF attack" from the client's own redirect URI. Verified with `-s split-auth0 --drive login`: opencode@1.1.16
    // passes, opencode@1.1.27 fails authorized-request (the trace shows the 400), opencode@1.1.31 passes.
    client: 'opencode',
    versions: '>1.1.16 <1.1.31',
    scenarios: ['split-auth0'],
    checks: ['authorized-request'],
    url: 'https://github.com/anomalyco/opencode/issues/9510',
    title: "refuses the authorization server's immediate redirect to its callback as a potential CSRF attack",
    fixedIn: '1.1.31',
  },
];

/** `name@version` of a built-in client, as results.json names it; a command or a --client-path binary has no version. */
const VERSIONED_CLIENT = /^([a-z][a-z0-9-]*)@([0-9A-Za-z.+-]+)$/;

/** The known bug that explains `checkId` failing in `scenarioId` for this client release, if any. */
export function knownBug(clientName: string, version: string, scenarioId: string, checkId: string): KnownBug | undefined {
  if (!semver.valid(version)) return undefined;
  return KNOWN_BUGS.find(
    (bug) =>
      bug.client === clientName &&
      bug.scenarios.includes(scenarioId) &&
      (bug.checks as readonly string[]).includes(checkId) &&
      semver.satisfies(version, bug.versions, { includePrerelease: true }),
  );
}

/**
 * The checks of one scenario result, each failed or warned check that a known bug explains carrying it (`known`).
 * `clientLabel` is the run's client as results.json names it (`opencode@1.1.27`).
 */
export function withKnownBugs(clientLabel: string, scenarioId: string, checks: readonly Verdict[]): Verdict[] {
  const match = VERSIONED_CLIENT.exec(clientLabel);
  return checks.map((check) => {
    if (!match || (check.status !== 'fail' && check.status !== 'warn')) return check;
    const bug = knownBug(match[1] ?? '', match[2] ?? '', scenarioId, check.id);
    return bug ? { ...check, known: { url: bug.url, title: bug.title, ...(bug.fixedIn ? { fixedIn: bug.fixedIn } : {}) } } : check;
  });
}
