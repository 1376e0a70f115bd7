import { quotedOutput } from '../../scenarios/client-words.js';
import type { PlayedTurn } from '../../mock-servers/model/server.js';
import { issuedAccessTokens, jsonBody, rpcMethods } from '../../scenarios/trace.js';
import { sessionNeed } from '../../scenarios/session.js';
import type { ResolvedTopology, Scenario, Trace } from '../../scenarios/types.js';
import type { ClientAdapter, ScenarioDrive } from '../clients/types.js';

/** The drive one scenario runs: `auto` takes the agent drive only where the verdict needs the agent's session. */
export function scenarioDrive(client: Pick<ClientAdapter, 'drive' | 'stopsAfterToken'>, scenario: Scenario): ScenarioDrive | undefined {
  if (client.drive !== 'auto') return client.drive;
  return sessionNeed(scenario, { stopsAfterToken: client.stopsAfterToken !== undefined }) ? 'agent' : 'login';
}

/**
 * Why an agent-mode run says nothing about the client past its login, when the driver is to blame: the model server
 * refused what the agent sent (it does not speak the agent's wire format), the agent held a token but never asked
 * the model for a turn, or it was asked for a tool call and neither made it nor came back to the model (a
 * permission prompt, a crash on the reply). Undefined when the agent was driven as intended; what it then did with
 * the token (refresh, step-up, giving up) is the client's behaviour and the checks judge it.
 */
export function agentDriveFailure(
  trace: Trace,
  topology: ResolvedTopology,
  turns: readonly PlayedTurn[],
  stderr: string,
  /** Why the harness ended the client because its verdict was settled, if it did (a client looping in its login). */
  settled?: string,
): string | undefined {
  const modelExchanges = trace.exchanges.filter((ex) => ex.role === 'model' && ex.from === 'client');
  // A format the server does not speak (400), or an inference path it does not know (a POST answered 404); a GET it
  // does not know (a model's details, a telemetry path) is recorded but an agent goes on without it.
  const refused = modelExchanges.find((ex) => ex.status >= 400 && (ex.status !== 404 || ex.method === 'POST'));
  if (refused) {
    const message = jsonBody<{ error?: { message?: string } }>(refused.responseBody)?.error?.message ?? refused.responseBody.slice(0, 200);
    return `harness error in agent mode: the scripted model server answered ${refused.status} to the agent's ${refused.method} ${new URL(refused.url).pathname} (#${refused.seq}): ${message}; the agent's behaviour after it is not the client's to answer for`;
  }
  const token = issuedAccessTokens(trace, topology)[0];
  // A client ended while looping in its login (the verdict decided) never got to its model by its own doing.
  if (token && turns.length === 0 && settled === undefined) {
    return `harness error in agent mode: the agent obtained an access token (#${token.ex.seq}) but never asked the model server for a turn, so no tool call could be made; it said: ${quotedOutput(stderr)}`;
  }
  const asked = turns.find((t) => t.turn.kind === 'tool-calls');
  if (asked && asked.turn.kind === 'tool-calls') {
    const called = trace.exchanges.some(
      (ex) => ex.role === 'resource-server' && ex.from === 'client' && ex.seq > asked.seq && rpcMethods(ex).includes('tools/call'),
    );
    const cameBack = turns.some((t) => t.seq > asked.seq);
    if (!called && !cameBack) {
      const names = asked.turn.calls.map((c) => c.name).join(', ');
      return `harness error in agent mode: the model asked for ${names} (#${asked.seq}) and the agent neither sent tools/call to an MCP server nor came back to the model (a permission prompt or a crash on the reply); it said: ${quotedOutput(stderr)}`;
    }
  }
  return undefined;
}
