// RFC 3986 §6.2.2–6.2.3 equivalence of resource indicators: what folds together, and what stays another resource.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { equivalentUris, normalizeUri, parseUri } from '../../scenarios/uri-equivalence.js';

describe('equivalentUris', () => {
  const same: [string, string, string][] = [
    ['empty path is "/" (§6.2.3)', 'http://localhost:4000', 'http://localhost:4000/'],
    ['scheme case (§6.2.2.1)', 'HTTP://localhost:4000/mcp', 'http://localhost:4000/mcp'],
    ['host case (§6.2.2.1)', 'https://MCP.Example.COM/mcp', 'https://mcp.example.com/mcp'],
    ['default http port (§6.2.3)', 'http://example.com:80/mcp', 'http://example.com/mcp'],
    ['default https port (§6.2.3)', 'https://example.com:443', 'https://example.com/'],
    ['empty port (§6.2.3)', 'http://example.com:/mcp', 'http://example.com/mcp'],
    ['percent-encoded unreserved characters (§6.2.2.2)', 'http://example.com/%7Euser/%6D%63%70', 'http://example.com/~user/mcp'],
    ['percent-encoding hex case (§6.2.2.1)', 'http://example.com/a%2fb', 'http://example.com/a%2Fb'],
    ['IPv6 literal with a port', 'http://[::1]:4000', 'http://[::1]:4000/'],
    ['IPv6 literal case and default port', 'http://[::ABCD]:80/mcp', 'http://[::abcd]/mcp'],
    ['identical', 'http://127.0.0.1:5000/mcp?x=1', 'http://127.0.0.1:5000/mcp?x=1'],
  ];
  for (const [what, a, b] of same) {
    it(`equivalent: ${what}`, () => {
      assert.equal(equivalentUris(a, b), true, `${a} ~ ${b}`);
      assert.equal(equivalentUris(b, a), true, `${b} ~ ${a}`);
    });
  }

  const different: [string, string, string][] = [
    ['another path', 'http://localhost:4000', 'http://localhost:4000/mcp'],
    ['a trailing "/" after a path segment is significant', 'http://localhost:4000/mcp', 'http://localhost:4000/mcp/'],
    ['another port', 'http://localhost:4000/mcp', 'http://localhost:4001/mcp'],
    ['a non-default port is kept', 'https://example.com:80/', 'https://example.com/'],
    ['another scheme', 'http://example.com/', 'https://example.com/'],
    ['path case is significant', 'http://example.com/MCP', 'http://example.com/mcp'],
    ['a reserved character stays encoded', 'http://example.com/a%2Fb', 'http://example.com/a/b'],
    ['a fragment', 'http://example.com/mcp#x', 'http://example.com/mcp'],
    ['a query', 'http://example.com/mcp?', 'http://example.com/mcp'],
    ['dot segments are not removed', 'http://example.com/a/../mcp', 'http://example.com/mcp'],
    ['userinfo is case-sensitive', 'http://User@example.com/', 'http://user@example.com/'],
    ['a relative reference is no resource', '/mcp', '/mcp'],
    ['no scheme', 'mcp.example.com', 'mcp.example.com'],
  ];
  for (const [what, a, b] of different) {
    it(`not equivalent: ${what}`, () => {
      assert.equal(equivalentUris(a, b), false, `${a} !~ ${b}`);
    });
  }
});

describe('normalizeUri and parseUri', () => {
  it('gives the normal form of an absolute URI', () => {
    assert.equal(normalizeUri('HTTPS://MCP.Example.com:443'), 'https://mcp.example.com/');
    assert.equal(normalizeUri('urn:Example:%61bc'), 'urn:Example:abc');
  });
  it('refuses what is not an absolute URI', () => {
    assert.equal(normalizeUri(''), undefined);
    assert.equal(normalizeUri('//host/path'), undefined);
    assert.equal(normalizeUri('1http://x'), undefined);
    assert.equal(parseUri('localhost:4000')?.scheme, 'localhost', 'a scheme-like prefix parses as a scheme, as RFC 3986 says');
  });
  it('splits the parts', () => {
    assert.deepEqual(parseUri('https://h:1/p?q#f'), { scheme: 'https', authority: 'h:1', path: '/p', query: 'q', fragment: 'f' });
  });
});
