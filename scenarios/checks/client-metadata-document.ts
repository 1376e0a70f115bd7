import { jsonBody, ok, seqs } from '../trace.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

/**
 * MCP 2025-11-25 / 2026-07-28, Client ID Metadata Documents: "The metadata document MUST include at least the following
 * properties: client_id, client_name, redirect_uris". client_id and redirect_uris are judged by registration-cimd
 * against the flow; this one judges client_name, which the authorization server shows on its consent page. Only a
 * document the harness could fetch (on loopback) is judged.
 */
export const cimdClientName = defineCheck({
  id: 'cimd-client-name',
  title: 'A Client ID Metadata Document the authorization server fetched names a client_name',
  requirements: ['REG-3'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const documents = ctx.trace.exchanges.filter((ex) => ex.role === 'client-metadata-document' && ok(ex));
    if (documents.length === 0) return skip('no Client ID Metadata Document could be fetched (the harness fetches only documents on loopback)');
    for (const ex of documents) {
      const name = jsonBody(ex.responseBody)?.client_name;
      if (typeof name !== 'string' || name.trim() === '') {
        return fail(
          `expected the Client ID Metadata Document ${ex.url} to include client_name; the authorization server's GET ${ex.url} (answered ${ex.status}) found ${name === undefined ? 'none' : `client_name ${JSON.stringify(name)}`}`,
          [ex.seq],
        );
      }
    }
    return pass(`client_name present in ${documents.length} client metadata document(s)`, seqs(documents));
  },
});
