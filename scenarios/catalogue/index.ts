import type { Scenario } from '../types.js';
import { oktaPathIssuer } from './okta-path-issuer.js';
import { pathSuffixed } from './path-suffixed.js';
import { splitAuth0 } from './split-auth0.js';
import { wwwAuthenticateOnly } from './www-authenticate-only.js';

export const SCENARIOS: readonly Scenario[] = [splitAuth0, pathSuffixed, wwwAuthenticateOnly, oktaPathIssuer];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
