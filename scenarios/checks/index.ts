import type { Check } from '../types.js';
import { authorizedRequest, bearerHeader } from './tokens.js';
import { redirectUri, resourceParameter, scopeSelection, statePresent } from './authorization.js';
import { asmEndpointsFromMetadata, asmFromAuthorizationServer, asmWellKnownOrder, prmUsesHeaderUrl, prmWellKnownOrder } from './discovery.js';
import { pkceFreshVerifier, pkceS256, pkceVerifier } from './pkce.js';
import { authorizationServerBinding } from './issuer-binding.js';
import { legacyDiscovery } from './legacy.js';
import { asmIssuerValidated, authorizationUrlScheme, pkceSupportVerified, prmResourceValidated, tokenNotSentElsewhere } from './metadata-trust.js';
import { registrationDcr, registrationMethodRetry, tokenEndpointAuthMethod } from './registration.js';
import { registrationCimd, registrationPreregistered } from './registration-approaches.js';
import { issValidated, stateValidated } from './callback.js';
import { invalidTokenRetryLimit, stepUp, stepUpRetryLimit } from './step-up.js';
import { offlineAccess, refreshToken } from './refresh.js';
import { resourceParameterConsistent, resourceParameterMatchesPrm, resourceParameterValidUri } from './resource.js';
import { applicationType, applicationTypeMatchesRedirect, dcrGrantTypes } from './client-metadata.js';
import { refreshTokenNotAssumed } from './refresh-not-assumed.js';
import { clientSecretBasicEncoded } from './credential-encoding.js';
import { cimdClientName } from './client-metadata-document.js';
import { dpopAsNonce, dpopAuthScheme, dpopFreshProof, dpopRsNonce, dpopTokenRequestProof } from './dpop.js';
import { tokenResponseAccepted } from './token-answers.js';
import { preregisteredCredentialsBound } from './preregistered-binding.js';
import { issErrorNotActedOn, issErrorNotDisplayed } from './error-response-iss.js';
import { clientCredentialsBasicAuth, clientCredentialsGrant, clientCredentialsJwtAssertion } from './extension-client-credentials.js';
import { wifAssertion, wifJwtBearerGrant, wifNoRetry } from './extension-workload-identity.js';
import { emaJwtBearer, emaTokenExchange } from './extension-enterprise-managed.js';

/**
 * Every check, in the order reports list them. Adding a check:
 *   1. write it in a file of this folder with `defineCheck` (define.ts), its id in kebab-case, its `requirements`
 *      ids of scenarios/requirements.ts (add the requirement there, with its spec sentence, if it is new);
 *   2. add it to this list, which makes its id a `CheckId`;
 *   3. name it in the `checks` of the scenarios that judge it (scenarios/catalogue/), else no run ever judges it;
 *   4. `npm run matrix` regenerates the docs that list checks; tests/unit/checks.test.ts holds its unit tests.
 * A misspelt id in a scenario, `atMostShould` or a list such as FLOW_CHECKS fails `tsc`.
 */
const ALL_CHECKS = [
  prmUsesHeaderUrl,
  prmWellKnownOrder,
  asmFromAuthorizationServer,
  asmWellKnownOrder,
  asmEndpointsFromMetadata,
  registrationDcr,
  registrationMethodRetry,
  tokenEndpointAuthMethod,
  pkceS256,
  pkceVerifier,
  resourceParameter,
  statePresent,
  redirectUri,
  scopeSelection,
  bearerHeader,
  authorizedRequest,
  authorizationServerBinding,
  prmResourceValidated,
  asmIssuerValidated,
  pkceSupportVerified,
  authorizationUrlScheme,
  tokenNotSentElsewhere,
  legacyDiscovery,
  registrationPreregistered,
  registrationCimd,
  stateValidated,
  issValidated,
  stepUp,
  stepUpRetryLimit,
  invalidTokenRetryLimit,
  refreshToken,
  offlineAccess,
  resourceParameterValidUri,
  resourceParameterConsistent,
  resourceParameterMatchesPrm,
  applicationType,
  dcrGrantTypes,
  dpopTokenRequestProof,
  dpopAuthScheme,
  dpopFreshProof,
  dpopAsNonce,
  dpopRsNonce,
  tokenResponseAccepted,
  preregisteredCredentialsBound,
  issErrorNotDisplayed,
  issErrorNotActedOn,
  refreshTokenNotAssumed,
  pkceFreshVerifier,
  applicationTypeMatchesRedirect,
  clientSecretBasicEncoded,
  cimdClientName,
  clientCredentialsGrant,
  clientCredentialsBasicAuth,
  clientCredentialsJwtAssertion,
  wifJwtBearerGrant,
  wifAssertion,
  wifNoRetry,
  emaTokenExchange,
  emaJwtBearer,
] as const;

/** The id of a check of ALL_CHECKS: what scenarios name. */
export type CheckId = (typeof ALL_CHECKS)[number]['id'];

/**
 * Every check, by id. The ids are public API: baselines and CI configurations name them, as strings read at run
 * time, hence a map keyed by any string.
 */
export const CHECKS: ReadonlyMap<string, Check> = new Map(ALL_CHECKS.map((check) => [check.id, check]));

/**
 * Adds a check beside the catalogue's own, for code that embeds the harness and for tests (the catalogue's checks are
 * the list above). Its id must be new; the id it returns is what a scenario names in `checks`.
 */
export function registerCheck(added: Check): CheckId {
  if (CHECKS.has(added.id)) throw new Error(`a check with id ${added.id} exists already`);
  (CHECKS as Map<string, Check>).set(added.id, added);
  // A check registered at run time is outside the literal union; the returned id is the proof that it exists.
  return added.id as CheckId;
}

/** An id read at run time (a baseline, a file, a flag) that names a check. */
export function isCheckId(id: string): id is CheckId {
  return CHECKS.has(id);
}
