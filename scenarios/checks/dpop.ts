// DPoP (SEP-1932, RFC 9449): a client that implements it proves possession of its key on every token request and every
// request that presents the token, and follows the servers' nonces. A client that never attempts DPoP is skipped: the
// extension is optional, and the servers issue it bearer tokens.
import {
  dpopBoundTokens,
  dpopProofOf,
  dpopRefusal,
  dpopRequests,
  dpopToken,
  NO_DPOP,
  nonceChallenge,
  presentedToken,
  proofClaim,
  proofKey,
  proofProblems,
} from '../dpop.js';
import { clientTokenRequests, describe, fromClient, isMcpEndpoint, seqs } from '../trace.js';
import type { CheckContext, CheckOutcome, Exchange } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

/** The client's requests to any MCP server of the topology. */
function mcpRequests({ trace, topology }: CheckContext): Exchange[] {
  return fromClient(trace).filter((ex) => topology.resourceServers.some((rs) => isMcpEndpoint(ex, rs)));
}

/**
 * The server's refusal of the proof itself (invalid_dpop_proof: its signature, its iat, what the checks read too), in
 * words; not a nonce challenge, nor a refusal of the token, which other checks judge.
 */
function refusedProof(ex: Exchange, ctx: CheckContext): string | undefined {
  const refusal = dpopRefusal(ex);
  if (refusal?.error !== 'invalid_dpop_proof') return undefined;
  return `the server refused the proof of ${describe(ex, ctx.topology)}: ${refusal.description}`;
}

export const dpopTokenRequestProof = defineCheck({
  id: 'dpop-token-request-proof',
  title: 'A DPoP client sends a valid DPoP proof with every token request',
  requirements: ['DPOP-1'],
  level: levelSince('MUST'),
  run(ctx) {
    if (dpopRequests(ctx.trace).length === 0) return skip(NO_DPOP);
    const requests = clientTokenRequests(ctx.trace, ctx.topology).sort((a, b) => a.seq - b.seq);
    if (requests.length === 0) return skip('the client made no token request');
    for (const ex of requests) {
      const proof = dpopProofOf(ex);
      const lead = `expected a valid DPoP proof on POST ${ex.url} (RFC 9449 §5: every token request, whatever its grant)`;
      if (proof === undefined) return fail(`${lead}; the client sent ${describe(ex, ctx.topology)} without a DPoP header`, [ex.seq]);
      const problems = proofProblems(ex, proof);
      if (problems.length > 0) return fail(`${lead}; the proof of ${describe(ex, ctx.topology)} is invalid: ${problems.join('; ')}`, [ex.seq]);
      const refused = refusedProof(ex, ctx);
      if (refused) return fail(`${lead}; ${refused}`, [ex.seq]);
    }
    return pass(`${requests.length} token request(s), each with a DPoP proof`, seqs(requests));
  },
});

export const dpopAuthScheme = defineCheck({
  id: 'dpop-auth-scheme',
  title: 'A token issued with token_type DPoP is presented with Authorization: DPoP, never as Bearer',
  requirements: ['DPOP-2'],
  level: levelSince('MUST'),
  run(ctx) {
    if (dpopRequests(ctx.trace).length === 0) return skip(NO_DPOP);
    const bound = dpopBoundTokens(ctx.trace, ctx.topology);
    if (bound.length === 0) return skip('no access token was issued with token_type DPoP');
    const tokens = new Map(bound.map((b) => [b.token, b.ex]));
    const presenting = mcpRequests(ctx).filter((ex) => tokens.has(presentedToken(ex) ?? ''));
    const wrong = presenting.find((ex) => dpopToken(ex) === undefined);
    if (wrong) {
      const issuedBy = tokens.get(presentedToken(wrong)!)!;
      const scheme = (wrong.requestHeaders['authorization'] ?? '').split(/\s/)[0];
      return fail(
        `expected Authorization: DPoP <token> for the token issued with token_type DPoP by #${issuedBy.seq} (RFC 9449 §7.1); the client sent ${describe(wrong, ctx.topology)} with Authorization: ${scheme} …`,
        [issuedBy.seq, wrong.seq],
        [wrong.seq],
      );
    }
    if (presenting.length === 0) {
      const last = fromClient(ctx.trace).at(-1)!;
      return fail(
        `expected a request to the MCP server with Authorization: DPoP and the token issued with token_type DPoP by #${bound[0]!.ex.seq}; the client sent none (its last request was ${describe(last, ctx.topology)})`,
        [bound[0]!.ex.seq, last.seq],
        [],
      );
    }
    return pass(`${presenting.length} request(s) to the MCP server with Authorization: DPoP`, seqs(presenting));
  },
});

export const dpopFreshProof = defineCheck({
  id: 'dpop-fresh-proof',
  title: 'Every request with a DPoP-bound token carries its own proof: a new jti, htm and htu of that request, ath of the token, the key the token is bound to',
  requirements: ['DPOP-3'],
  level: levelSince('MUST'),
  run(ctx) {
    const all = dpopRequests(ctx.trace);
    if (all.length === 0) return skip(NO_DPOP);
    const presenting = mcpRequests(ctx).filter((ex) => dpopToken(ex) !== undefined);
    if (presenting.length === 0) return skip('the client made no request to the MCP server with Authorization: DPoP');
    const keyOfToken = new Map<string, { key: string | undefined; ex: Exchange }>();
    for (const { ex, token } of dpopBoundTokens(ctx.trace, ctx.topology)) {
      const proof = dpopProofOf(ex);
      keyOfToken.set(token, { key: proof ? proofKey(proof) : undefined, ex });
    }
    const jtis = new Map<string, number>();
    for (const ex of all) {
      const proof = dpopProofOf(ex);
      const jti = proof ? proofClaim(proof, 'jti') : undefined;
      const lead = `expected a proof of its own on every request with Authorization: DPoP (RFC 9449 §4.2, §7)`;
      if (typeof jti === 'string') {
        const earlier = jtis.get(jti);
        if (earlier !== undefined)
          return fail(`${lead}; ${describe(ex, ctx.topology)} reused the jti of the proof of #${earlier}`, [earlier, ex.seq], [ex.seq]);
        jtis.set(jti, ex.seq);
      }
      if (!presenting.includes(ex)) continue;
      const token = dpopToken(ex)!;
      if (proof === undefined) return fail(`${lead}; the client sent ${describe(ex, ctx.topology)} without a DPoP header`, [ex.seq]);
      const problems = proofProblems(ex, proof, token);
      if (problems.length > 0) return fail(`${lead}; the proof of ${describe(ex, ctx.topology)} is invalid: ${problems.join('; ')}`, [ex.seq]);
      const bound = keyOfToken.get(token);
      if (bound?.key !== undefined && proofKey(proof) !== bound.key)
        return fail(
          `${lead}; ${describe(ex, ctx.topology)} is signed with another key than the proof that obtained its token (#${bound.ex.seq})`,
          [bound.ex.seq, ex.seq],
          [ex.seq],
        );
      const refused = refusedProof(ex, ctx);
      if (refused) return fail(`${lead}; ${refused}`, [ex.seq]);
    }
    return pass(`${presenting.length} request(s) with Authorization: DPoP, each with its own valid proof`, seqs(presenting));
  },
});

/**
 * After each use_dpop_nonce answer among `requests`, a later request of the same kind carries the nonce it supplied
 * (RFC 9449 §4.2: "the DPoP proof MUST also contain" it).
 */
function nonceFollowed(ctx: CheckContext, requests: Exchange[], where: string, section: string): CheckOutcome {
  const challenged = requests.filter((ex) => nonceChallenge(ex) !== undefined);
  if (challenged.length === 0) return skip(`${where} never answered use_dpop_nonce`);
  for (const challenge of challenged) {
    const nonce = nonceChallenge(challenge)!;
    const later = requests.filter((ex) => ex.seq > challenge.seq && dpopProofOf(ex) !== undefined);
    const honoured = later.find((ex) => proofClaim(dpopProofOf(ex)!, 'nonce') === nonce);
    if (honoured) continue;
    const lead = `expected the request to be sent again with a DPoP proof whose nonce is the DPoP-Nonce of ${describe(challenge, ctx.topology)} (RFC 9449 ${section})`;
    const next = later[0];
    if (!next) return fail(`${lead}; the client sent no later proof to ${where}`, [challenge.seq], []);
    const sent = proofClaim(dpopProofOf(next)!, 'nonce');
    const what = sent === undefined ? 'without a nonce' : `with nonce ${JSON.stringify(sent)}`;
    return fail(`${lead}; the client sent ${describe(next, ctx.topology)} ${what}`, [challenge.seq, next.seq], [next.seq]);
  }
  return pass(`${challenged.length} use_dpop_nonce answer(s) from ${where}, each followed by a proof with its nonce`, seqs(challenged));
}

export const dpopAsNonce = defineCheck({
  id: 'dpop-as-nonce',
  title: "After a use_dpop_nonce answer from the token endpoint, the client's next proof there carries the supplied nonce",
  requirements: ['DPOP-4'],
  level: levelSince('MUST'),
  run(ctx) {
    if (dpopRequests(ctx.trace).length === 0) return skip(NO_DPOP);
    const requests = clientTokenRequests(ctx.trace, ctx.topology).sort((a, b) => a.seq - b.seq);
    return nonceFollowed(ctx, requests, 'the token endpoint', '§8');
  },
});

export const dpopRsNonce = defineCheck({
  id: 'dpop-rs-nonce',
  title: "After a use_dpop_nonce answer from the MCP server, the client's next proof there carries the supplied nonce",
  requirements: ['DPOP-5'],
  level: levelSince('MUST'),
  run(ctx) {
    if (dpopRequests(ctx.trace).length === 0) return skip(NO_DPOP);
    return nonceFollowed(ctx, mcpRequests(ctx), 'the MCP server', '§9');
  },
});
