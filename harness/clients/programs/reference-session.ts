// What the reference client process learns during its one run, shared by its modules: the revision it speaks, what
// discovery found (to validate the authorization response against), and a pending step-up.
// Like every reference-*.ts module it imports nothing from scenarios/ (see reference-client.ts).

/** The revision this client implements, and so negotiates: the one the harness asks for (the newest by default). */
export const SPEC_VERSION = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2026-07-28';

/** What the client learnt during discovery, to validate the authorization response against. */
export const discovered = {
  authorizationServers: [] as string[],
  issuer: undefined as string | undefined,
  issParameterSupported: false,
  /** token_endpoint_auth_methods_supported of the metadata, to register again when a server refuses none. */
  authMethods: [] as string[],
  registrationEndpoint: undefined as string | undefined,
};

/** Step-up (WWW-4): the scope a 403 insufficient_scope challenged, until the next authorization request. */
export const stepUp = { challenged: undefined as string | undefined, onChallenge: (() => {}) as () => void };

/** What RFC 9207 §2.4 finds wrong with an authorization response's iss, or undefined. */
export function issProblem(iss: string | null): string | undefined {
  if (iss !== null) return iss === discovered.issuer ? undefined : `authorization response iss ${iss} is not the issuer ${discovered.issuer}`;
  return discovered.issParameterSupported ? 'the authorization server promises iss in the authorization response, and it is missing' : undefined;
}

/** RFC 9207 §2.4, applied before the code is redeemed. */
export function validateIss(callback: { iss: string | null }): void {
  const problem = issProblem(callback.iss);
  if (problem) throw new Error(problem);
}
