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
    // The founding bug: opencode bundled @modelcontextprotocol/sdk 1.15.1 (the sdk entry below); anomalyco/opencode
    // PR #7234 upgraded it. Verified with `--client opencode@V --drive login --jobs 1`: 1.0.152 and 1.0.185 fail
    // asm-from-authorization-server on split-auth0 (GET <MCP origin>/.well-known/oauth-authorization-server, 401);
    // `--suite core` on 1.0.185 fails it in every scenario below, on 1.1.11 (the next release published) passes it in
    // all of them. 1.0.98 and older have no `mcp auth` and send nothing, so the range starts at 1.0.152.
    client: 'opencode',
    versions: '>=1.0.152 <1.1.11',
    scenarios: [
      'split-auth0',
      'path-suffixed',
      'www-authenticate-only',
      'prm-root-fallback',
      'prm-root-origin-resource',
      'several-authorization-servers',
      'colocated-authorization-server',
    ],
    checks: ['asm-from-authorization-server'],
    url: 'https://github.com/anomalyco/opencode/issues/7228',
    title: 'ignores authorization_servers and fetches the authorization server metadata from the MCP server',
    fixedIn: '1.1.11',
  },
  {
    // The callback is registered only after the browser is opened (cause and fix: anomalyco/opencode#9645, PR #9646),
    // so an authorization server that redirects at once gets 400 "Invalid or expired state parameter - potential
    // CSRF attack" from the client's own redirect URI. Verified with `--client opencode@V --suite core --drive login
    // --jobs 1`: 1.1.27 fails authorized-request in every scenario below, each trace holding that 400; 1.1.16 and
    // 1.1.31 (the published releases around it) pass it in all of them.
    client: 'opencode',
    versions: '>1.1.16 <1.1.31',
    scenarios: [
      'split-auth0',
      'path-suffixed',
      'www-authenticate-only',
      'dcr-none',
      'dcr-client-secret-basic',
      'dcr-client-secret-post',
      'preregistered',
      'cimd',
      'scope-omitted',
      'iss-correct',
      'step-up',
      'step-up-unadvertised-scope',
      'token-expiry-refresh',
      'offline-access-listed',
      'offline-access-unlisted',
      'prm-root-fallback',
      'prm-root-origin-resource',
      'several-authorization-servers',
      'colocated-authorization-server',
    ],
    checks: ['authorized-request'],
    url: 'https://github.com/anomalyco/opencode/issues/9510',
    title: "refuses the authorization server's immediate redirect to its callback as a potential CSRF attack",
    fixedIn: '1.1.31',
  },
  {
    // discoverOAuthMetadata() built the metadata URL from the MCP server URL (fixed by PR #763). Verified with
    // `--client sdk@V -s split-auth0 --jobs 1`: 1.15.0 passes, 1.15.1 fails asm-from-authorization-server (GET <MCP
    // origin>/.well-known/oauth-authorization-server), 1.16.0 passes.
    client: 'sdk',
    versions: '>=1.15.1 <1.16.0',
    scenarios: ['split-auth0'],
    checks: ['asm-from-authorization-server'],
    url: 'https://github.com/modelcontextprotocol/typescript-sdk/issues/762',
    title: 'builds the authorization server metadata URL from the MCP server URL instead of authorization_servers',
    fixedIn: '1.16.0',
  },
  {
    // For an issuer with a path, discovery fell back to the origin's root RFC 8414 document (another server's) before
    // the issuer's own OIDC URLs (see #1069). Verified with `bisect --client sdk --good 1.32.2 --bad 1.20.0
    // -s okta-org-vs-custom --check asm-well-known-order --spec-version 2025-11-25`: 1.13.0, 1.16.0, 1.20.0 and 1.21.0
    // fail the three checks below (and authorized-request); 1.21.1, 1.22.0, 1.25.0 and 1.32.2 pass.
    client: 'sdk',
    versions: '>=1.13.0 <1.21.1',
    scenarios: ['okta-org-vs-custom'],
    checks: ['asm-well-known-order', 'asm-issuer-validated', 'asm-endpoints-from-metadata'],
    url: 'https://github.com/modelcontextprotocol/typescript-sdk/pull/1070',
    title: "uses the root metadata of the issuer's origin (another authorization server) for an issuer with a path",
    fixedIn: '1.21.1',
  },
  {
    // The loopback callback dropped the RFC 9207 iss parameter, then refused the response as missing it ("missing
    // required issuer"; also openai/codex#33354). Verified with `--client codex@V -s iss-correct --drive login --jobs 1`
    // (a preview at 2026-07-28): 0.141.0, 0.142.0 and 0.142.5 get a token; 0.143.0, 0.144.3, 0.146.0 and 0.146.1 fail
    // authorized-request with that message on stderr; 0.147.0, 0.153.0 and 0.171.0 get a token.
    client: 'codex',
    versions: '>=0.143.0 <0.147.0',
    scenarios: ['iss-correct'],
    checks: ['authorized-request'],
    url: 'https://github.com/openai/codex/issues/31573',
    title: 'drops the iss parameter of the authorization response, then refuses the response for lacking it',
    fixedIn: '0.147.0',
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
