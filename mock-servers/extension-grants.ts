// The token endpoint of an authorization server that plays an authorization extension (scenarios/extension-grants.ts),
// and the enterprise IdP of enterprise-managed authorization. Keys are generated per run; what the client needs of
// them reaches it through MCP_CONFORMANCE_CONTEXT, with the official suite's field names.
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import express, { type Express } from 'express';
import * as jose from 'jose';
import type { CryptoKey } from 'jose';
import {
  CLIENT_CREDENTIALS_GRANT,
  ID_JAG_TOKEN_TYPE,
  ID_JAG_TYP,
  ID_TOKEN_TOKEN_TYPE,
  JWT_BEARER_GRANT,
  JWT_CLIENT_ASSERTION_TYPE,
  TOKEN_EXCHANGE_GRANT,
  ownAudiences,
  type ExtensionGrantsSpec,
  type ResolvedExtensionGrants,
} from '../scenarios/extension-grants.js';
import type { ResolvedAuthorizationServer } from '../scenarios/types.js';
import { basicCredentials, percentDecoded } from '../scenarios/credentials.js';
import { equivalentUris } from '../scenarios/uri-equivalence.js';
import { listenLoopback, type LoopbackListener, type TlsIdentity } from './listen.js';
import { bodyErrorHandler, type Recorder } from './recorder.js';

const ALG = 'ES256';
/** Skew the servers allow on `exp`: client and servers share a clock here. */
const CLOCK_TOLERANCE_S = 5;
const WORKLOAD_ISSUER_PATH = '/workload-issuer';
const IDP_USER = 'demo-user@example.com';

/** What a grant request comes to: a token for the client and resource, or an OAuth error. */
export type GrantAnswer = { ok: true; clientId: string; audience: string; scope?: string } | { ok: false; status: number; error: string; description: string };

const refuse = (status: number, error: string, description: string): GrantAnswer => ({ ok: false, status, error, description });

function reason(error: unknown): string {
  if (error instanceof jose.errors.JWTExpired) return 'the assertion has expired (exp is in the past)';
  if (error instanceof jose.errors.JWTClaimValidationFailed) return `its ${error.claim} claim is not acceptable: ${error.message}`;
  if (error instanceof jose.errors.JWSSignatureVerificationFailed) return 'its signature does not verify with the expected key';
  return `it is not a valid JWT: ${(error as Error).message}`;
}

/** Basic credentials (RFC 6749 §2.3.1, form-urlencoded) that name `clientId` and `secret`, or why not. */
function basicProblem(req: Request, clientId: string, secret: string): string | undefined {
  const basic = basicCredentials(req.headers.authorization);
  if (!basic) return 'client authentication with client_secret_basic (an Authorization: Basic header) is required';
  const id = basic.pair && percentDecoded(basic.pair.id);
  const password = basic.pair && percentDecoded(basic.pair.secret);
  if (id === undefined || password === undefined) return 'malformed Basic credentials';
  if (id !== clientId) return `unknown client_id "${id}"`;
  if (password !== secret) return 'wrong client secret';
  return undefined;
}

export class ExtensionGrants {
  private readonly seenJti = new Set<string>();

  private constructor(
    private readonly spec: ExtensionGrantsSpec,
    private readonly as: ResolvedAuthorizationServer,
    private readonly resources: string[],
    readonly resolved: ResolvedExtensionGrants,
    /** Per-run values for MCP_CONFORMANCE_CONTEXT. */
    readonly context: Record<string, string>,
    private readonly keys: { client?: CryptoKey; workload?: CryptoKey; idp?: CryptoKey },
    private readonly idpListener?: LoopbackListener,
  ) {}

  /** Generates the run's keys and assertions, and starts the enterprise IdP when the extension has one. */
  static async start(
    spec: ExtensionGrantsSpec,
    as: ResolvedAuthorizationServer,
    resources: string[],
    recorder: Recorder,
    tls?: TlsIdentity,
  ): Promise<ExtensionGrants> {
    const base = { kind: spec.kind, traceEpochMs: recorder.startedAtEpochMs };
    const pair = () => jose.generateKeyPair(ALG, { extractable: true });
    const publicJwk = async (key: CryptoKey) => (await jose.exportJWK(key)) as ResolvedExtensionGrants['clientKey'] & object;
    if (spec.kind === 'client-credentials') {
      if (spec.clientSecret) return new ExtensionGrants(spec, as, resources, base, {}, {});
      const { publicKey, privateKey } = await pair();
      return new ExtensionGrants(
        spec,
        as,
        resources,
        { ...base, clientKey: await publicJwk(publicKey) },
        { private_key_pem: await jose.exportPKCS8(privateKey), signing_algorithm: ALG },
        { client: publicKey },
      );
    }
    if (spec.kind === 'workload-identity') {
      const { publicKey, privateKey } = await pair();
      const issuer = as.origin + WORKLOAD_ISSUER_PATH;
      const workloadJwt = (audience: string, expiresIn: string) =>
        new jose.SignJWT({})
          .setProtectedHeader({ alg: ALG })
          .setIssuer(issuer)
          .setSubject('conformance-workload')
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime(expiresIn)
          .setJti(randomUUID())
          .sign(privateKey);
      return new ExtensionGrants(
        spec,
        as,
        resources,
        { ...base, workload: { issuer, key: await publicJwk(publicKey) } },
        {
          valid_jwt: await workloadJwt(as.issuer, '5m'),
          wrong_audience_jwt: await workloadJwt('https://wrong-audience.invalid', '5m'),
          expired_jwt: await workloadJwt(as.issuer, '-60s'),
        },
        { workload: publicKey },
      );
    }
    const { publicKey, privateKey } = await pair();
    const listener = await listenLoopback('127.0.0.1', tls);
    try {
      const issuer = listener.origin;
      const idp = { issuer, tokenEndpoint: `${issuer}/token`, key: await publicJwk(publicKey), clientId: spec.idpClientId };
      const idToken = await new jose.SignJWT({ email: IDP_USER })
        .setProtectedHeader({ alg: ALG })
        .setIssuer(issuer)
        .setSubject(IDP_USER)
        .setAudience(spec.idpClientId)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      const grants = new ExtensionGrants(
        spec,
        as,
        resources,
        { ...base, idp },
        { idp_client_id: spec.idpClientId, idp_id_token: idToken, idp_issuer: issuer, idp_token_endpoint: idp.tokenEndpoint },
        { idp: publicKey },
        listener,
      );
      listener.attach(grants.idpApp(recorder, privateKey));
      return grants;
    } catch (error) {
      await listener.close();
      throw error;
    }
  }

  /** What the authorization server's metadata says of the extension. */
  metadata(): Record<string, unknown> {
    const { spec } = this;
    if (spec.kind === 'client-credentials') {
      return spec.clientSecret
        ? { grant_types_supported: [CLIENT_CREDENTIALS_GRANT], token_endpoint_auth_methods_supported: ['client_secret_basic'] }
        : {
            grant_types_supported: [CLIENT_CREDENTIALS_GRANT],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
            token_endpoint_auth_signing_alg_values_supported: [ALG],
          };
    }
    if (spec.kind === 'workload-identity') return { grant_types_supported: [JWT_BEARER_GRANT], token_endpoint_auth_methods_supported: ['none'] };
    return { grant_types_supported: [JWT_BEARER_GRANT], token_endpoint_auth_methods_supported: ['client_secret_basic'] };
  }

  /** Answers a token request: the extension's grant only. */
  async token(req: Request, form: URLSearchParams): Promise<GrantAnswer> {
    const grantType = form.get('grant_type') ?? '(none)';
    const expected = this.spec.kind === 'client-credentials' ? CLIENT_CREDENTIALS_GRANT : JWT_BEARER_GRANT;
    if (grantType !== expected) return refuse(400, 'unsupported_grant_type', `this authorization server only supports grant_type=${expected}`);
    const scope = form.get('scope') ?? undefined;
    const audience = this.audience(form.get('resource'));
    if (audience === undefined) return refuse(400, 'invalid_target', `unknown resource ${form.get('resource') ?? ''}`);
    const spec = this.spec;
    if (spec.kind === 'client-credentials') {
      const problem = spec.clientSecret ? basicProblem(req, spec.clientId, spec.clientSecret) : await this.clientAssertionProblem(form, spec.clientId);
      return problem ? refuse(401, 'invalid_client', problem) : { ok: true, clientId: spec.clientId, audience, ...(scope ? { scope } : {}) };
    }
    const assertion = form.get('assertion');
    if (!assertion) return refuse(400, 'invalid_request', 'the assertion parameter is required (RFC 7523 §2.1)');
    if (spec.kind === 'workload-identity') {
      try {
        await jose.jwtVerify(assertion, this.keys.workload!, { audience: this.ownAudiences(), clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp'] });
      } catch (error) {
        return refuse(400, 'invalid_grant', `the workload assertion is refused: ${reason(error)}`);
      }
      if (spec.refuseWith) return refuse(400, spec.refuseWith, 'this workload is not authorized to obtain tokens here');
      return { ok: true, clientId: form.get('client_id') ?? spec.clientId, audience, ...(scope ? { scope } : {}) };
    }
    const problem = basicProblem(req, spec.clientId, spec.clientSecret);
    if (problem) return refuse(401, 'invalid_client', problem);
    let claims: jose.JWTPayload;
    try {
      ({ payload: claims } = await jose.jwtVerify(assertion, this.keys.idp!, {
        typ: ID_JAG_TYP,
        issuer: this.resolved.idp!.issuer,
        audience: this.ownAudiences(),
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'jti', 'client_id', 'resource'],
      }));
    } catch (error) {
      return refuse(400, 'invalid_grant', `the ID-JAG is refused: ${reason(error)}`);
    }
    if (claims.client_id !== spec.clientId) return refuse(400, 'invalid_grant', `the ID-JAG was issued to client_id ${String(claims.client_id)}`);
    const resource = this.audience(String(claims.resource));
    if (resource === undefined) return refuse(400, 'invalid_grant', `the ID-JAG names resource ${String(claims.resource)}, which this server does not serve`);
    if (this.seenJti.has(String(claims.jti))) return refuse(400, 'invalid_grant', 'the ID-JAG has been used already (jti replayed)');
    this.seenJti.add(String(claims.jti));
    return { ok: true, clientId: spec.clientId, audience: resource, ...(scope ? { scope } : {}) };
  }

  close(): Promise<void> {
    return this.idpListener?.close() ?? Promise.resolve();
  }

  private ownAudiences(): string[] {
    return ownAudiences(this.as.issuer, this.as.endpoints.token);
  }

  /** The resource a token is for: the one named (RFC 8707), else the first this server serves. */
  private audience(requested: string | null): string | undefined {
    if (requested === null) return this.resources[0];
    return this.resources.find((known) => equivalentUris(requested, known));
  }

  /** RFC 7523 §2.2 and §3: a client assertion of the client, for this server, unexpired and never seen before. */
  private async clientAssertionProblem(form: URLSearchParams, clientId: string): Promise<string | undefined> {
    if (form.get('client_assertion_type') !== JWT_CLIENT_ASSERTION_TYPE)
      return `client_assertion_type must be ${JWT_CLIENT_ASSERTION_TYPE} (private_key_jwt is this client's authentication method)`;
    const assertion = form.get('client_assertion');
    if (!assertion) return 'client_assertion is required';
    const named = form.get('client_id');
    if (named !== null && named !== clientId) return `unknown client_id "${named}"`;
    let claims: jose.JWTPayload;
    try {
      ({ payload: claims } = await jose.jwtVerify(assertion, this.keys.client!, {
        issuer: clientId,
        subject: clientId,
        audience: this.ownAudiences(),
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'jti'],
      }));
    } catch (error) {
      return `the client assertion is refused: ${reason(error)}`;
    }
    if (this.seenJti.has(String(claims.jti))) return 'the client assertion has been used already (jti replayed)';
    this.seenJti.add(String(claims.jti));
    return undefined;
  }

  /** The enterprise IdP: OpenID metadata, its keys, and a token endpoint that exchanges its id_token for an ID-JAG. */
  private idpApp(recorder: Recorder, signingKey: CryptoKey): Express {
    const idp = this.resolved.idp!;
    const app = express();
    app.disable('x-powered-by');
    app.use(...recorder.middleware('idp', 'identity-provider', idp.issuer));
    app.get('/.well-known/openid-configuration', (_req, res) => {
      res.json({
        issuer: idp.issuer,
        authorization_endpoint: `${idp.issuer}/authorize`,
        token_endpoint: idp.tokenEndpoint,
        jwks_uri: `${idp.issuer}/jwks`,
        grant_types_supported: [TOKEN_EXCHANGE_GRANT],
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [ALG],
      });
    });
    app.get('/jwks', (_req, res) => {
      res.json({ keys: [{ ...idp.key, alg: ALG, use: 'sig' }] });
    });
    app.post('/token', (req, res) => {
      res.set('Cache-Control', 'no-store');
      const form = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
      void this.exchange(form, signingKey).then(
        (answer) => {
          if ('error' in answer) res.status(400).json(answer);
          else res.json(answer);
        },
        (error: Error) => res.status(500).json({ error: 'server_error', error_description: `the mock identity provider failed: ${error.message}` }),
      );
    });
    app.use((_req, res) => {
      res.status(404).json({ error: 'not_found', error_description: 'no such endpoint on this identity provider' });
    });
    app.use(bodyErrorHandler);
    return app;
  }

  /** SEP-990 §4 (RFC 8693): the user's id_token for an ID-JAG naming the MCP authorization server and resource. */
  private async exchange(form: URLSearchParams, signingKey: CryptoKey): Promise<Record<string, unknown>> {
    const idp = this.resolved.idp!;
    const error = (error: string, description: string) => ({ error, error_description: description });
    if (form.get('grant_type') !== TOKEN_EXCHANGE_GRANT) return error('unsupported_grant_type', `this identity provider only supports ${TOKEN_EXCHANGE_GRANT}`);
    if (form.get('requested_token_type') !== ID_JAG_TOKEN_TYPE) return error('invalid_request', `requested_token_type must be ${ID_JAG_TOKEN_TYPE}`);
    if (form.get('subject_token_type') !== ID_TOKEN_TOKEN_TYPE) return error('invalid_request', `subject_token_type must be ${ID_TOKEN_TOKEN_TYPE}`);
    const audience = form.get('audience');
    if (!audience || !ownAudiences(this.as.issuer).includes(audience))
      return error('invalid_target', `audience must be the issuer of the MCP server's authorization server, ${this.as.issuer}`);
    const resource = form.get('resource');
    if (!resource || this.audience(resource) === undefined) return error('invalid_target', "resource must be the MCP server's resource identifier");
    let subject: string;
    try {
      const { payload } = await jose.jwtVerify(form.get('subject_token') ?? '', this.keys.idp!, {
        issuer: idp.issuer,
        audience: idp.clientId,
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      subject = String(payload.sub);
    } catch (failure) {
      return error('invalid_grant', `the subject_token is not this identity provider's id_token: ${reason(failure)}`);
    }
    const idJag = await new jose.SignJWT({ client_id: this.spec.clientId, resource })
      .setProtectedHeader({ alg: ALG, typ: ID_JAG_TYP })
      .setIssuer(idp.issuer)
      .setSubject(subject)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(signingKey);
    return { access_token: idJag, issued_token_type: ID_JAG_TOKEN_TYPE, token_type: 'N_A', expires_in: 300 };
  }
}
