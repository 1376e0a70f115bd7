// The one reading of Basic credentials and the small URL facts the checks, the mock servers and the harness share.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basicCredentials, bearerCredentials, formDecoded, percentDecoded } from '../../scenarios/credentials.js';
import { hasScheme, isLoopbackHost } from '../../scenarios/urls.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('basicCredentials', () => {
  it('splits the decoded credentials at the first ":" and leaves form encoding alone', () => {
    assert.deepEqual(basicCredentials(`Basic ${b64('c%3A1:s:e+c')}`), {
      encoded: b64('c%3A1:s:e+c'),
      decoded: 'c%3A1:s:e+c',
      wellFormed: true,
      pair: { id: 'c%3A1', secret: 's:e+c' },
    });
  });

  it('reads the scheme case-insensitively (RFC 7235 §2.1) and any other scheme as no Basic credentials', () => {
    assert.equal(basicCredentials(`basic ${b64('a:b')}`)?.pair?.id, 'a');
    assert.equal(basicCredentials('Bearer abc'), undefined);
    assert.equal(basicCredentials('Basicabc'), undefined);
    assert.equal(basicCredentials(undefined), undefined);
  });

  it('says when the credentials are not padded base64 or have no ":"', () => {
    assert.equal(basicCredentials('Basic !!!not-base64')?.wellFormed, false);
    assert.equal(basicCredentials('Basic YWJj')?.wellFormed, true);
    assert.equal(basicCredentials('Basic YWJj')?.pair, undefined);
    assert.deepEqual(basicCredentials('Basic'), { encoded: '', decoded: '', wellFormed: false });
  });

  it('decodes percent-encoding, and form encoding with "+" as a space (RFC 6749 §2.3.1)', () => {
    assert.equal(percentDecoded('a+b%20c'), 'a+b c');
    assert.equal(formDecoded('a+b%20c'), 'a b c');
    assert.equal(percentDecoded('%E0%A4%A'), undefined);
    assert.equal(formDecoded('%zz'), undefined);
  });
});

describe('bearerCredentials', () => {
  it('reads the token of a Bearer header, whatever the scheme case', () => {
    assert.equal(bearerCredentials('Bearer abc.def '), 'abc.def');
    assert.equal(bearerCredentials('bearer\tabc'), 'abc');
    assert.equal(bearerCredentials('Bearer'), undefined);
    assert.equal(bearerCredentials('Basic abc'), undefined);
    assert.equal(bearerCredentials(undefined), undefined);
  });
});

describe('hasScheme and isLoopbackHost', () => {
  it('tells an absolute URI from a path', () => {
    assert.ok(hasScheme('javascript:alert(1)'));
    assert.ok(hasScheme('https://example.com/authorize'));
    assert.ok(!hasScheme('/authorize'));
    assert.ok(!hasScheme('1http://x'));
  });

  it('knows loopback host names as URL.hostname gives them', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['example.com', 'localhost.example.com', '128.0.0.1', '::2', '[::2]']) assert.ok(!isLoopbackHost(host), host);
    assert.ok(isLoopbackHost(new URL('http://[::1]:8080/cb').hostname));
  });
});
