// The pure JWT reading the extension checks rest on: a signature verified against a per-run public key with
// node:crypto (synchronously, as checks are), claims decoded, and the audiences an authorization server accepts.
import assert from 'node:assert/strict';
import type { JsonWebKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { audiences, decodeJwt, ownAudiences, signedBy } from '../../scenarios/extension-grants.js';

async function es256() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { jwk: await exportJWK(publicKey), privateKey };
}

describe('extension grants: JWT reading for the checks', () => {
  it('an ES256 JWT verifies with its own public key only, and a tampered one does not', async () => {
    const signer = await es256();
    const other = await es256();
    const jwt = await new SignJWT({ sub: 'c' }).setProtectedHeader({ alg: 'ES256' }).setAudience(['a', 'b']).sign(signer.privateKey);
    assert.equal(signedBy(jwt, signer.jwk as JsonWebKey), true);
    assert.equal(signedBy(jwt, other.jwk as JsonWebKey), false);
    const [header, , signature] = jwt.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'someone-else' })).toString('base64url')}.${signature}`;
    assert.equal(signedBy(forged, signer.jwk as JsonWebKey), false);
    assert.deepEqual(audiences(decodeJwt(jwt)!.payload), ['a', 'b']);
  });

  it('an unsigned (alg none) or malformed token is neither verified nor decoded as a JWT', async () => {
    const { jwk } = await es256();
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
    assert.equal(signedBy(none, jwk as JsonWebKey), false);
    assert.equal(decodeJwt('not-a-jwt'), undefined);
    assert.equal(decodeJwt('a.b.c'), undefined);
    assert.equal(decodeJwt(null), undefined);
  });

  it('an authorization server is its issuer with or without a terminating "/", or its token endpoint', () => {
    assert.deepEqual(ownAudiences('http://127.0.0.1:1/'), ['http://127.0.0.1:1', 'http://127.0.0.1:1/']);
    assert.deepEqual(ownAudiences('http://127.0.0.1:1', 'http://127.0.0.1:1/oauth/token'), [
      'http://127.0.0.1:1',
      'http://127.0.0.1:1/',
      'http://127.0.0.1:1/oauth/token',
    ]);
  });
});
