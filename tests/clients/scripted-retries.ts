// The scripted client's token keeping after its first authorization: refresh on 401 invalid_token, step-up on
// 403 insufficient_scope, each a bounded number of times, unless a fault says otherwise:
//   ignore-callback-state  redeem the first callback whatever its state
//   ignore-iss             redeem a code whose authorization response lacks the advertised iss or names another issuer
//   step-up-challenged-only  re-authorize with the challenged scope alone (2026-07-28 wants the union)
//   step-up-forever        re-authorize on every 403 without a bound (stops at 8, so a run still ends)
//   retry-invalid-token-forever  refresh on every 401 without a bound (stops at 8)
//   reuse-refresh-token    always present the first refresh token (rotation ignored)
//   refresh-on-403, refresh-without-token, reuse-pkce-verifier: see RETRY_FAULTS
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

export const RETRY_FAULTS = [
  'ignore-callback-state',
  'ignore-iss',
  'step-up-challenged-only',
  'step-up-forever',
  'retry-invalid-token-forever',
  'reuse-refresh-token',
  'refresh-on-403', // answer every 403 insufficient_scope with a refresh grant (no new scope), many times over; without a refresh token, step up
  'refresh-without-token', // answer a 401 invalid_token with a refresh grant even when no refresh token was issued (refresh_token empty)
  'reuse-pkce-verifier', // re-authorize with the code_verifier (so the code_challenge) of the first authorization
] as const;

/** Attempts at a new token after the first refusal: with the first authorization, three in all (the official count). */
const BOUND = 2;
const RUNAWAY_BOUND = 8;

export interface Tokens {
  access_token: string;
  refresh_token?: string;
}

export interface KeeperOptions {
  mcpUrl: string;
  endpoints: { authorization: string; token: string };
  clientId: string;
  redirectUri: string;
  /** Adds the registered client authentication to a token request. */
  authenticate(body: URLSearchParams, headers: Record<string, string>): void;
  /** Whether to send resource (the no-resource fault turns it off everywhere). */
  sendResource: boolean;
  /** The resource to send; default the MCP server URL. */
  resource?: string;
  issuer: string;
  issSupported: boolean;
  /** The code_verifier of the first authorization (reuse-pkce-verifier sends its challenge again). */
  firstVerifier: string;
  /** Takes the code from the authorization endpoint's redirect instead of a browser and a callback (--code-from-location). */
  codeFromLocation: boolean;
  faults: ReadonlySet<string>;
  fail(message: string): never;
}

function challengeParam(header: string, name: string): string | undefined {
  return header.match(new RegExp(`${name}="([^"]*)"`))?.[1];
}

/** RFC 9207 §2.4: undefined when iss is acceptable, else why not. */
export function issProblem(iss: string | null, issuer: string, supported: boolean): string | undefined {
  if (iss !== null) return iss === issuer ? undefined : `the authorization response carried iss ${iss}, not ${issuer}`;
  return supported ? 'the authorization response carried no iss although the server advertises it' : undefined;
}

export class TokenKeeper {
  private refreshToken?: string;
  private readonly firstRefreshToken?: string;
  private refreshes = 0;
  private stepUps = 0;

  constructor(
    private readonly options: KeeperOptions,
    public accessToken: string,
    refreshToken: string | undefined,
    /** The scope the first authorization requested. */
    private scope: string | undefined,
  ) {
    this.refreshToken = refreshToken;
    this.firstRefreshToken = refreshToken;
  }

  /** POSTs a JSON-RPC message with the token; refreshes or steps up and retries when refused. */
  async post(body: unknown, sessionId?: string): Promise<Response> {
    for (;;) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${this.accessToken}`,
      };
      if (sessionId) headers['mcp-session-id'] = sessionId;
      const response = await fetch(this.options.mcpUrl, { method: 'POST', headers, body: JSON.stringify(body) });
      const challenge = response.headers.get('www-authenticate') ?? '';
      if (response.status === 401 && challengeParam(challenge, 'error') === 'invalid_token') {
        await response.text();
        await this.renew();
        continue;
      }
      if (response.status === 403 && challengeParam(challenge, 'error') === 'insufficient_scope') {
        await response.text();
        if (this.options.faults.has('refresh-on-403') && this.refreshToken) await this.refreshInsteadOfStepUp();
        else await this.stepUp(challengeParam(challenge, 'scope'));
        continue;
      }
      return response;
    }
  }

  private tokenHeaders(): Record<string, string> {
    return { 'content-type': 'application/x-www-form-urlencoded' };
  }

  private async renew(): Promise<void> {
    const bound = this.options.faults.has('retry-invalid-token-forever') ? RUNAWAY_BOUND : BOUND;
    if (++this.refreshes > bound) this.options.fail(`the MCP server refused ${bound} fresh tokens with 401 invalid_token; giving up`);
    await this.refresh();
  }

  /** A refresh grant with the refresh token it holds (the first one, with reuse-refresh-token); without one, a new authorization. */
  private async refresh(): Promise<void> {
    const presented = this.options.faults.has('reuse-refresh-token') ? this.firstRefreshToken : this.refreshToken;
    if (!presented && !this.options.faults.has('refresh-without-token')) return this.reauthorize(this.scope);
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: presented ?? '', client_id: this.options.clientId });
    if (this.options.sendResource) form.set('resource', this.options.resource ?? this.options.mcpUrl);
    const headers = this.tokenHeaders();
    this.options.authenticate(form, headers);
    const response = await fetch(this.options.endpoints.token, { method: 'POST', headers, body: form });
    if (!response.ok) this.options.fail(`refresh answered ${response.status}: ${await response.text()}`);
    this.accept((await response.json()) as Tokens);
  }

  /** What SDK-based clients do with a 403: a refresh grant, which keeps the scopes it had, again and again. */
  private async refreshInsteadOfStepUp(): Promise<void> {
    if (++this.stepUps > RUNAWAY_BOUND) this.options.fail(`still 403 insufficient_scope after ${RUNAWAY_BOUND} refreshes; giving up`);
    await this.refresh();
  }

  private async stepUp(challenged: string | undefined): Promise<void> {
    const bound = this.options.faults.has('step-up-forever') ? RUNAWAY_BOUND : BOUND;
    if (++this.stepUps > bound) this.options.fail(`still 403 insufficient_scope after ${bound} re-authorizations; giving up`);
    const union = new Set(
      [...(this.options.faults.has('step-up-challenged-only') ? [] : (this.scope ?? '').split(' ')), ...(challenged ?? '').split(' ')].filter(Boolean),
    );
    await this.reauthorize(union.size ? [...union].join(' ') : undefined);
  }

  private accept(tokens: Tokens): void {
    this.accessToken = String(tokens.access_token);
    if (tokens.refresh_token) this.refreshToken = tokens.refresh_token;
  }

  /** A new authorization through the browser, on the registered redirect URI. */
  private async reauthorize(scope: string | undefined): Promise<void> {
    const { options } = this;
    const state = randomBytes(16).toString('base64url');
    const verifier = options.faults.has('reuse-pkce-verifier') ? options.firstVerifier : randomBytes(32).toString('base64url');
    const url = new URL(options.endpoints.authorization);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', options.clientId);
    url.searchParams.set('redirect_uri', options.redirectUri);
    url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('state', state);
    if (options.sendResource) url.searchParams.set('resource', options.resource ?? options.mcpUrl);
    if (scope) url.searchParams.set('scope', scope);
    this.scope = scope;
    const { code, iss } = options.codeFromLocation ? await codeFromRedirect(url, state) : await codeFromBrowser(url, state, options);
    const problem = options.faults.has('ignore-iss') ? undefined : issProblem(iss, options.issuer, options.issSupported);
    if (problem) options.fail(problem);
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: options.clientId,
      redirect_uri: options.redirectUri,
      code_verifier: verifier,
    });
    if (options.sendResource) form.set('resource', options.resource ?? options.mcpUrl);
    const headers = this.tokenHeaders();
    options.authenticate(form, headers);
    const response = await fetch(options.endpoints.token, { method: 'POST', headers, body: form });
    if (!response.ok) options.fail(`token endpoint answered ${response.status}: ${await response.text()}`);
    this.accept((await response.json()) as Tokens);
  }
}

async function codeFromBrowser(url: URL, state: string, options: KeeperOptions): Promise<{ code: string; iss: string | null }> {
  const callback = await listenOnce(options.redirectUri, state, options.faults.has('ignore-callback-state'));
  spawn(process.env.BROWSER || 'xdg-open', [url.href], { stdio: 'ignore' }).on('error', () => options.fail('cannot open the browser'));
  return callback.result;
}

/** The code (and iss) the authorization endpoint's redirect carries, taken without a browser; `state` undefined: not checked. */
export async function codeFromRedirect(url: URL, state: string | undefined): Promise<{ code: string; iss: string | null }> {
  const redirect = await fetch(url, { redirect: 'manual' });
  const location = new URL(redirect.headers.get('location') ?? '', url);
  if (state !== undefined && location.searchParams.get('state') !== state)
    throw new Error(`the authorization redirect carried state ${location.searchParams.get('state')}`);
  return { code: location.searchParams.get('code') ?? '', iss: location.searchParams.get('iss') };
}

/** Listens on the redirect URI's port for one callback with the expected state. */
async function listenOnce(redirectUri: string, state: string, anyState: boolean): Promise<{ result: Promise<{ code: string; iss: string | null }> }> {
  const port = Number(new URL(redirectUri).port);
  let deliver!: (value: { code: string; iss: string | null }) => void;
  const result = new Promise<{ code: string; iss: string | null }>((resolve, reject) => {
    deliver = resolve;
    setTimeout(() => reject(new Error('no callback arrived')), 20_000).unref(); // a loaded machine can be slow
  });
  const server = createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (!anyState && params.get('state') !== state) {
      res.writeHead(400).end('bad state');
      return;
    }
    res.writeHead(200).end('done');
    deliver({ code: params.get('code') ?? '', iss: params.get('iss') });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { result: result.finally(() => server.close()) };
}
