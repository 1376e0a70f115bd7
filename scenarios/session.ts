// Which scenarios an agent CLI must be driven through its prompt command for (`--drive auto`): scenario knowledge,
// read from the topology and the checks, so a new scenario is placed without a list to keep up.
import { refusesAfterFirstToken } from './settled.js';
import type { CheckId, Scenario } from './types.js';

/**
 * Checks whose verdict reads the client's authorized requests to an MCP server (the token it presents, how, and
 * where): a login command that never uses its token leaves them nothing to judge.
 */
const READ_AUTHORIZED_REQUESTS: ReadonlySet<CheckId> = new Set<CheckId>([
  'authorized-request',
  'bearer-header',
  'token-response-accepted',
  'refresh-token-not-assumed',
  'token-not-sent-elsewhere',
  'authorization-server-binding',
  'dpop-auth-scheme',
  'dpop-fresh-proof',
  'dpop-rs-nonce',
]);

export interface LoginCommand {
  /** The login command ends once it holds a token and nothing of it uses the token (ClientAdapter.stopsAfterToken). */
  stopsAfterToken?: boolean;
}

/**
 * Why the scenario's verdict needs the agent's MCP session (its prompt command against the scripted model, whose
 * tool calls use the token), or undefined when the login command reaches everything its checks judge:
 * - the MCP server refuses after the first token (expiry, step-up, a server that never accepts, a migration): the
 *   verdict is in the requests after that refusal, which only a session that goes on making calls sends;
 * - several MCP servers: a login command signs in to one;
 * - a login command that never uses its token, and a check that reads authorized requests.
 */
export function sessionNeed(scenario: Scenario, login: LoginCommand = {}): string | undefined {
  if (refusesAfterFirstToken(scenario))
    return 'the MCP server refuses after the first token (expiry, step-up, migration or every token refused), and the verdict is in the session that follows';
  if (scenario.topology.resourceServers.length > 1) return 'several MCP servers, and a login command signs in to one';
  if (login.stopsAfterToken) {
    const reading = scenario.checks.filter((id) => READ_AUTHORIZED_REQUESTS.has(id));
    if (reading.length > 0) return `the login command never uses its token, and ${reading.join(', ')} judge(s) the authorized requests`;
  }
  return undefined;
}
