import type { Scenario, SpecVersion } from '../../scenarios/types.js';
import type { LaunchPlan } from '../client-process.js';
import type { Workspace } from '../workspace.js';

export interface LaunchContext {
  scenario: Scenario;
  specVersion: SpecVersion;
  mcpUrl: string;
  workspace: Workspace;
  /** The workspace environment plus MCP_CONFORMANCE_SCENARIO (and _CONTEXT where the scenario has credentials). */
  env: NodeJS.ProcessEnv;
}

/** How to drive one client: every built-in client and the generic command client have this shape. */
export interface ClientAdapter {
  name: string;
  description: string;
  /** Why this client cannot be driven through the scenario, when it cannot; the scenario is then reported as skip. */
  skipReason?(scenario: Scenario): string | undefined;
  plan(ctx: LaunchContext): LaunchPlan;
}

export class ClientSpecError extends Error {}
