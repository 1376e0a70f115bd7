import { basicCredentials, formDecoded } from '../credentials.js';
import { clientTokenRequests, describe, header } from '../trace.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';
import { registeredClients } from './registration.js';

/** The application/x-www-form-urlencoded form of a value (what RFC 6749 Appendix B produces). */
export function formEncoded(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * RFC 6749 §2.3.1 (OAuth 2.1 §2.4.1): "The client identifier is encoded using the application/x-www-form-urlencoded
 * encoding algorithm …, and the encoded value is used as the username; the client password is encoded using the same
 * algorithm and used as the password." Judged where the issued values change under that encoding: a Basic header
 * carrying them as issued is read by a conforming server as other credentials ("+" becomes a space).
 */
export const clientSecretBasicEncoded = defineCheck({
  id: 'client-secret-basic-encoded',
  title: 'client_secret_basic form-encodes client_id and client_secret before base64 (RFC 6749 §2.3.1)',
  requirements: ['REG-9'],
  level: levelSince('MUST'),
  run(ctx) {
    const clients = registeredClients(ctx).filter((c) => c.secret !== undefined);
    const judged: number[] = [];
    let sensitive = false;
    for (const ex of clientTokenRequests(ctx.trace, ctx.topology)) {
      const pair = basicCredentials(header(ex, 'authorization'))?.pair;
      if (!pair) continue;
      const client = clients.find((c) => c.clientId === formDecoded(pair.id) || c.clientId === pair.id);
      if (!client?.secret) continue;
      judged.push(ex.seq);
      const changes = formEncoded(client.clientId) !== client.clientId || formEncoded(client.secret) !== client.secret;
      sensitive ||= changes;
      const decodedRight = formDecoded(pair.id) === client.clientId && formDecoded(pair.secret) === client.secret;
      if (changes && !decodedRight && pair.id === client.clientId && pair.secret === client.secret) {
        return fail(
          `expected the client_id and client_secret form-encoded in the Basic header (client_id ${formEncoded(client.clientId)}); ` +
            `${describe(ex, ctx.topology)} carried them as issued, which a server decoding the header reads as other credentials ("+" as a space)`,
          [...(client.evidence ? [client.evidence.seq] : []), ex.seq],
          [ex.seq],
        );
      }
    }
    if (judged.length === 0) return skip('no token request authenticated with client_secret_basic');
    const note = sensitive ? '' : ' (the issued values read the same encoded or not, so this scenario cannot tell)';
    return pass(`client_id and client_secret form-encoded in ${judged.length} Basic header(s)${note}`, judged);
  },
});
