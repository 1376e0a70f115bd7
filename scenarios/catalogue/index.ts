import type { Scenario } from '../types.js';
import { oktaPathIssuer } from './okta-path-issuer.js';
import { pathSuffixed } from './path-suffixed.js';
import { splitAuth0 } from './split-auth0.js';
import { wwwAuthenticateOnly } from './www-authenticate-only.js';
import { authorizationServerMigration } from './authorization-server-migration.js';
import { REGISTRATION_AND_TOKEN_SCENARIOS } from './registration-and-tokens.js';
import { PROVIDER_SHAPE_SCENARIOS } from './provider-shapes.js';
import { METADATA_NEGATIVE_SCENARIOS } from './metadata-negatives.js';
import { COLOCATED_AND_LEGACY_SCENARIOS } from './colocated-and-legacy.js';
import { DPOP_SCENARIOS } from './dpop.js';
import { TOKEN_ANSWER_SCENARIOS } from './token-answers.js';
import { OFFICIAL_GAP_SCENARIOS } from './official-gaps.js';
import { NO_REFRESH_TOKEN_SCENARIOS } from './no-refresh-token.js';
import { clientSecretBasicEncoding, registrationRefusedRedirectUri } from './registration-rules.js';
import { EXTENSION_GRANT_SCENARIOS } from './extension-grants.js';

export const SCENARIOS: readonly Scenario[] = [
  splitAuth0,
  pathSuffixed,
  wwwAuthenticateOnly,
  oktaPathIssuer,
  ...REGISTRATION_AND_TOKEN_SCENARIOS,
  ...NO_REFRESH_TOKEN_SCENARIOS,
  clientSecretBasicEncoding,
  registrationRefusedRedirectUri,
  ...PROVIDER_SHAPE_SCENARIOS,
  ...METADATA_NEGATIVE_SCENARIOS,
  ...COLOCATED_AND_LEGACY_SCENARIOS,
  authorizationServerMigration,
  ...DPOP_SCENARIOS,
  ...TOKEN_ANSWER_SCENARIOS,
  ...OFFICIAL_GAP_SCENARIOS,
  ...EXTENSION_GRANT_SCENARIOS,
];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
