import type { Scenario } from '../types.js';
import { REGISTRATION_AND_TOKEN_SCENARIOS } from './registration-and-tokens.js';

// The step-up and retry scenarios again, with an authorization server that issues no refresh token, as the official
// suite's mock does. Clients built on the TypeScript SDK answer a 403 insufficient_scope (and a 401 invalid_token) by
// refreshing while they hold a refresh token; only without one do they show the scopes they re-authorize with, and
// whether they assumed a refresh token would come (2026-07-28: "MUST NOT assume refresh tokens will be issued").

const VARIED = ['step-up', 'step-up-unadvertised-scope', 'step-up-never-enough', 'invalid-token-loop'];

function withoutRefreshTokens(base: Scenario): Scenario {
  return {
    ...base,
    id: `${base.id}-no-refresh`,
    description: `${base.description}; the authorization server issues no refresh token`,
    topology: {
      ...base.topology,
      authorizationServers: base.topology.authorizationServers.map((as) => ({
        ...as,
        tokenResponse: { ...as.tokenResponse, omit: [...(as.tokenResponse?.omit ?? []), 'refresh_token' as const] },
      })),
    },
    checks: [...base.checks, 'refresh-token-not-assumed'],
  };
}

export const NO_REFRESH_TOKEN_SCENARIOS: Scenario[] = VARIED.map((id) => {
  const base = REGISTRATION_AND_TOKEN_SCENARIOS.find((s) => s.id === id);
  if (!base) throw new Error(`no scenario ${id} to vary`);
  return withoutRefreshTokens(base);
});
