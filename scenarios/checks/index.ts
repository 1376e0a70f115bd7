import type { Check } from '../types.js';
import { authorizedRequest, bearerHeader } from './tokens.js';
import { redirectUri, resourceParameter, scopeSelection, statePresent } from './authorization.js';
import { asmEndpointsFromMetadata, asmFromAuthorizationServer, asmWellKnownOrder, prmUsesHeaderUrl, prmWellKnownOrder } from './discovery.js';
import { pkceS256, pkceVerifier } from './pkce.js';
import { authorizationServerBinding } from './issuer-binding.js';
import { legacyDiscovery } from './legacy.js';
import { asmIssuerValidated, authorizationUrlScheme, pkceSupportVerified, prmResourceValidated, tokenNotSentElsewhere } from './metadata-trust.js';
import { registrationDcr, registrationMethodRetry, tokenEndpointAuthMethod } from './registration.js';
import { registrationCimd, registrationPreregistered } from './registration-approaches.js';
import { issValidated, stateValidated } from './callback.js';
import { invalidTokenRetryLimit, stepUp, stepUpRetryLimit } from './step-up.js';
import { offlineAccess, refreshToken } from './refresh.js';
import { resourceParameterConsistent, resourceParameterMatchesPrm, resourceParameterValidUri } from './resource.js';
import { applicationType, dcrGrantTypes } from './client-metadata.js';

/** Every check, by id. The ids are public API: baselines and CI configurations name them. */
export const CHECKS: ReadonlyMap<string, Check> = new Map(
  [
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
  ].map((check) => [check.id, check]),
);

/**
 * Adds a check beside the catalogue's own, for code that embeds the harness and for tests (the catalogue's checks are
 * the list above). Its id must be new; a scenario names it in `checks` like any other.
 */
export function registerCheck(added: Check): void {
  if (CHECKS.has(added.id)) throw new Error(`a check with id ${added.id} exists already`);
  (CHECKS as Map<string, Check>).set(added.id, added);
}

export function check(id: string): Check {
  const found = CHECKS.get(id);
  if (!found) throw new Error(`unknown check id ${id}`);
  return found;
}
