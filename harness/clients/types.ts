import { UsageError } from '../usage-error.js';
import type { Scenario, SpecVersion } from '../../scenarios/types.js';
import type { LaunchPlan } from '../run/client-process.js';
import type { Workspace } from '../run/workspace.js';

/**
 * How an agent CLI is driven. `agent`: its non-interactive prompt command against the harness's scripted model
 * server, so the MCP session makes tool calls with the token as a user's would; `login`: only its MCP login command;
 * `auto`: per scenario, the agent drive where the verdict needs the session (scenarios/session.ts), else the login.
 */
export const DRIVES = ['auto', 'agent', 'login'] as const;
export type Drive = (typeof DRIVES)[number];
/** The drive one scenario ran: `auto` resolves to one of these per scenario. */
export type ScenarioDrive = Exclude<Drive, 'auto'>;

/** The scripted model server of an agent-mode run (mock-servers/model/). */
export interface ModelEndpoint {
  /** `http://127.0.0.1:PORT`; every wire format is served at its usual path below it. */
  origin: string;
  /** The model name the agent should ask for. */
  name: string;
}

export interface LaunchContext {
  scenario: Scenario;
  specVersion: SpecVersion;
  mcpUrl: string;
  workspace: Workspace;
  /** The workspace environment plus MCP_CONFORMANCE_SCENARIO (and _CONTEXT where the scenario has credentials). */
  env: NodeJS.ProcessEnv;
  /**
   * With --tls: the run's CA certificate (PEM file). `env` already has NODE_EXTRA_CA_CERTS and SSL_CERT_FILE;
   * an adapter whose client reads another variable sets it from here (e.g. CODEX_CA_CERTIFICATE).
   */
  tls?: { caFile: string };
  /** Set where the scenario runs the agent drive (see scenarioDrive in harness/agent-drive.ts): where the agent's model is. */
  model?: ModelEndpoint;
}

/** How to drive one client: every built-in client and the generic command client have this shape. */
export interface ClientAdapter {
  name: string;
  description: string;
  /** Why this client cannot be driven through the scenario, when it cannot; the scenario is then reported as skip. */
  skipReason?(scenario: Scenario): string | undefined;
  plan(ctx: LaunchContext): LaunchPlan | Promise<LaunchPlan>;
  /** Obtains the client before any scenario runs (an npm install into the cache); never inside a namespace. */
  prepare?(): Promise<void>;
  /** Loopback ports the client always listens on: runs sharing one are serialized where no private network namespace is available. */
  fixedPorts?: readonly number[];
  /** Run each scenario in a private loopback-only network namespace where the system allows it. */
  isolate?: boolean;
  /**
   * Set when the command the adapter drives ends once it holds a token and nothing of it uses the token (a login
   * command): why. Then `authorized-request` is not judged where a token was issued, instead of failing for a
   * reason of the driver. Applies to the scenarios that ran the login drive only.
   */
  stopsAfterToken?: string;
  /**
   * `agent`: the runner starts the scripted model server and hands it to plan() as `model`; `auto`: it does so only
   * for scenarios whose verdict needs the agent's session.
   */
  drive?: Drive;
  /** How a scenario worker recreates this adapter (after prepare(): with the resolved version). */
  spec?(): { client: string; clientPath?: string; drive?: Drive };
}

export class ClientSpecError extends UsageError {}
