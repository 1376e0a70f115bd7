// DPoP (SEP-1932, RFC 9449): the checks on hand-written traces with real proofs (each passes on the conformant
// sequence, skips a client without DPoP, and fails on one mistake naming the request), and the mock servers' verifier.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { Request } from 'express';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DPOP_SCENARIOS } from '../../scenarios/catalogue/dpop.js';
import { CHECKS } from '../../scenarios/checks/index.js';
import type { CheckContext, ResolvedTopology, Trace } from '../../scenarios/types.js';
import { DpopVerifier } from '../../mock-servers/dpop.js';
import { derivedChecks } from '../../scenarios/topology-file.js';
import { traceBuilder, type Step } from '../synthetic-trace.js';

const RS = 'http://localhost:4000';
const AS = 'http://127.0.0.1:5000';
const MCP = `${RS}/mcp`;
const TOKEN = `${AS}/oauth/token`;
const topology: ResolvedTopology = {
  resourceServers: [{ id: 'mcp', origin: RS, mcpUrl: MCP, prmUrls: [], resource: MCP, authorizationServers: ['as'] }],
  authorizationServers: [{ id: 'as', origin: AS, issuer: AS, endpoints: { authorization: `${AS}/oauth/authorize`, token: TOKEN }, metadataUrls: {} }],
};
const trace = traceBuilder({ id: 'mcp', origin: RS }, { id: 'as', origin: AS });

interface Key {
  privateKey: CryptoKey;
  jwk: JWK;
}
let key: Key;
let otherKey: Key;

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

interface ProofOptions {
  htm?: string;
  token?: string;
  nonce?: string;
  jti?: string;
  signer?: Key;
  jwk?: JWK;
  typ?: string;
  omitAth?: boolean;
}

async function proof(htu: string, options: ProofOptions = {}): Promise<string> {
  const signer = options.signer ?? key;
  return new SignJWT({
    jti: options.jti ?? randomUUID(),
    htm: options.htm ?? 'POST',
    htu,
    ...(options.token && !options.omitAth ? { ath: createHash('sha256').update(options.token).digest('base64url') } : {}),
    ...(options.nonce ? { nonce: options.nonce } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: options.typ ?? 'dpop+jwt', jwk: options.jwk ?? signer.jwk })
    .setIssuedAt()
    .sign(signer.privateKey);
}

const tokenRequest = (dpop: string | undefined, answer: { status?: number; body?: unknown; nonce?: string } = {}): Step => ({
  method: 'POST',
  url: TOKEN,
  status: answer.status ?? 200,
  requestHeaders: { 'content-type': 'application/x-www-form-urlencoded', ...(dpop ? { dpop } : {}) },
  requestBody: 'grant_type=authorization_code&code=c&code_verifier=v',
  responseHeaders: answer.nonce ? { 'dpop-nonce': answer.nonce } : {},
  responseBody: JSON.stringify(answer.body ?? { access_token: 'at-1', token_type: 'DPoP', expires_in: 3600 }),
});

const mcpRequest = (authorization: string, dpop: string | undefined, answer: { status?: number; challenge?: string; nonce?: string } = {}): Step => ({
  method: 'POST',
  url: MCP,
  status: answer.status ?? 200,
  requestHeaders: { authorization, ...(dpop ? { dpop } : {}) },
  requestBody: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  responseHeaders: {
    ...(answer.challenge ? { 'www-authenticate': answer.challenge } : {}),
    ...(answer.nonce ? { 'dpop-nonce': answer.nonce } : {}),
  },
});

function run(id: string, t: Trace) {
  const ctx: CheckContext = { trace: t, topology, scenario: DPOP_SCENARIOS[1]!, specVersion: '2026-07-28' };
  return CHECKS.get(id)!.run(ctx);
}

const ALL = ['dpop-token-request-proof', 'dpop-auth-scheme', 'dpop-fresh-proof', 'dpop-as-nonce', 'dpop-rs-nonce'];

describe('DPoP checks', () => {
  before(async () => {
    key = await newKey();
    otherKey = await newKey();
  });

  it('pass on a conformant client that follows both nonces', async () => {
    const t = trace(
      tokenRequest(await proof(TOKEN), { status: 400, body: { error: 'use_dpop_nonce' }, nonce: 'n-as' }),
      tokenRequest(await proof(TOKEN, { nonce: 'n-as' })),
      mcpRequest('DPoP at-1', await proof(MCP, { token: 'at-1' }), { status: 401, challenge: 'DPoP error="use_dpop_nonce"', nonce: 'n-rs' }),
      mcpRequest('DPoP at-1', await proof(MCP, { token: 'at-1', nonce: 'n-rs' })),
      mcpRequest('DPoP at-1', await proof(MCP, { token: 'at-1', nonce: 'n-rs' })),
    );
    for (const id of ALL) assert.equal(run(id, t).status, 'pass', `${id}: ${run(id, t).message}`);
  });

  it('skip a client that never attempts DPoP, saying so', () => {
    const t = trace(tokenRequest(undefined, { body: { access_token: 'at-1', token_type: 'Bearer' } }), mcpRequest('Bearer at-1', undefined));
    for (const id of ALL) {
      const outcome = run(id, t);
      assert.equal(outcome.status, 'skip', id);
      assert.match(outcome.message, /does not implement DPoP/);
    }
  });

  it('dpop-token-request-proof: a refresh without a proof; private key material; a proof the server refused', async () => {
    const refresh: Step = { ...tokenRequest(undefined), requestBody: 'grant_type=refresh_token&refresh_token=rt' };
    let outcome = run('dpop-token-request-proof', trace(tokenRequest(await proof(TOKEN)), refresh));
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /^expected a valid DPoP proof on POST http:\/\/127\.0\.0\.1:5000\/oauth\/token .*; the client sent POST .* without a DPoP header$/,
    );
    assert.deepEqual(outcome.evidence, [2]);

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const leaked = await proof(TOKEN, { jwk: await exportJWK(privateKey) });
    outcome = run('dpop-token-request-proof', trace(tokenRequest(leaked)));
    assert.match(outcome.message, /is invalid: its jwk carries private key material \(d\)$/);

    const foreign = await proof(TOKEN, { signer: otherKey, jwk: key.jwk });
    const refused = { status: 400, body: { error: 'invalid_dpop_proof', error_description: 'the signature does not verify with the jwk of its header' } };
    outcome = run('dpop-token-request-proof', trace(tokenRequest(foreign, refused)));
    assert.match(outcome.message, /; the server refused the proof of POST .* \(answered 400\): the signature does not verify with the jwk of its header$/);
  });

  it('dpop-auth-scheme: the bound token sent as Bearer', async () => {
    const outcome = run(
      'dpop-auth-scheme',
      trace(tokenRequest(await proof(TOKEN)), mcpRequest('Bearer at-1', await proof(MCP, { token: 'at-1' }), { status: 401 })),
    );
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /^expected Authorization: DPoP <token> for the token issued with token_type DPoP by #1 .*; the client sent POST http:\/\/localhost:4000\/mcp .* with Authorization: Bearer …$/,
    );
    assert.deepEqual(outcome.violations, [2]);
  });

  it('dpop-fresh-proof: no ath; another key than the token request; a jti used twice; typ', async () => {
    const first = tokenRequest(await proof(TOKEN));
    const cases: [string, RegExp][] = [
      [await proof(MCP, { token: 'at-1', omitAth: true }), /is invalid: it has no ath/],
      [await proof(MCP, { token: 'at-1', signer: otherKey }), /is signed with another key than the proof that obtained its token \(#1\)$/],
      [await proof(MCP, { token: 'at-1', typ: 'JWT' }), /is invalid: typ is "JWT", not "dpop\+jwt"$/],
      [await proof(`${MCP}?x=1`, { token: 'at-1' }), /htu http:\/\/localhost:4000\/mcp\?x=1 has a query or fragment$/],
    ];
    for (const [bad, message] of cases) {
      const outcome = run('dpop-fresh-proof', trace(first, mcpRequest('DPoP at-1', bad)));
      assert.equal(outcome.status, 'fail');
      assert.match(outcome.message, message);
    }
    const reused = await proof(MCP, { token: 'at-1' });
    const outcome = run('dpop-fresh-proof', trace(first, mcpRequest('DPoP at-1', reused), mcpRequest('DPoP at-1', reused)));
    assert.match(outcome.message, /; POST http:\/\/localhost:4000\/mcp .* reused the jti of the proof of #2$/);
    assert.deepEqual(outcome.violations, [3]);
  });

  it('dpop-as-nonce and dpop-rs-nonce: the nonce left out after use_dpop_nonce, or never retried', async () => {
    let outcome = run(
      'dpop-as-nonce',
      trace(tokenRequest(await proof(TOKEN), { status: 400, body: { error: 'use_dpop_nonce' }, nonce: 'n-as' }), tokenRequest(await proof(TOKEN))),
    );
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, /DPoP-Nonce of POST .*oauth\/token .* \(RFC 9449 §8\); the client sent POST .* without a nonce$/);
    outcome = run(
      'dpop-rs-nonce',
      trace(
        tokenRequest(await proof(TOKEN)),
        mcpRequest('DPoP at-1', await proof(MCP, { token: 'at-1' }), { status: 401, challenge: 'DPoP error="use_dpop_nonce"', nonce: 'n-rs' }),
      ),
    );
    assert.match(outcome.message, /\(RFC 9449 §9\); the client sent no later proof to the MCP server$/);
    assert.deepEqual(outcome.violations, []);
  });
});

describe('the mock servers verify DPoP proofs (RFC 9449 §4.3)', () => {
  const request = (dpop: string[], method = 'POST') => ({ headersDistinct: { dpop }, method }) as unknown as Request;

  it('accept a valid proof once, and refuse its replay', async () => {
    const verifier = new DpopVerifier(false);
    const valid = await proof(TOKEN);
    assert.deepEqual(await verifier.verify(request([valid]), `${TOKEN}?ignored=1`), { ok: true, jkt: await calculateJwkThumbprint(key.jwk, 'sha256') });
    assert.match(((await verifier.verify(request([valid]), TOKEN)) as { description: string }).description, /was used by an earlier proof/);
  });

  it('refuse a forged signature, a wrong htm or htu, two headers, and a wrong ath', async () => {
    const verifier = new DpopVerifier(false);
    const refusal = async (r: Request, target = TOKEN, token?: string) => ((await verifier.verify(r, target, token)) as { description: string }).description;
    assert.match(await refusal(request([await proof(TOKEN, { signer: otherKey, jwk: key.jwk })])), /signature does not verify/);
    assert.match(await refusal(request([await proof(TOKEN)], 'GET')), /htm is "POST", the request is GET/);
    assert.match(await refusal(request([await proof(MCP)])), /htu is http:\/\/localhost:4000\/mcp, the request was sent to/);
    assert.match(await refusal(request([await proof(TOKEN), await proof(TOKEN)])), /more than one DPoP header/);
    assert.match(await refusal(request([await proof(MCP, { token: 'other' })]), MCP, 'at-1'), /ath is not the hash/);
  });

  it('ask for its nonce, then accept a proof carrying it', async () => {
    const verifier = new DpopVerifier(true);
    const asked = await verifier.verify(request([await proof(TOKEN)]), TOKEN);
    assert.deepEqual(asked, { ok: false, error: 'use_dpop_nonce', description: 'this server requires a nonce in the DPoP proof' });
    assert.equal((await verifier.verify(request([await proof(TOKEN, { nonce: verifier.nonce })]), TOKEN))?.ok, true);
  });
});

describe('a topology file with DPoP', () => {
  it('is judged by the DPoP checks instead of bearer-header, the nonce checks where a server requires its nonce', () => {
    const [dpop, dpopNonce] = DPOP_SCENARIOS;
    const plain = derivedChecks(dpop!);
    assert.ok(['dpop-token-request-proof', 'dpop-auth-scheme', 'dpop-fresh-proof', 'authorized-request'].every((id) => plain.includes(id)));
    assert.ok(!plain.includes('bearer-header') && !plain.includes('dpop-as-nonce') && !plain.includes('dpop-rs-nonce'));
    const nonce = derivedChecks(dpopNonce!);
    assert.ok(nonce.includes('dpop-as-nonce') && nonce.includes('dpop-rs-nonce'));
  });
});
