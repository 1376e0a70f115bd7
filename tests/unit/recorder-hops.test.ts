// Redirect causality: the recorder marks a request that follows the Location of its party's earlier 3xx as an
// automatic redirect hop (redirectedFrom), with real express servers on loopback and with exchanges the harness
// opens itself (its user agents' hops off the mock servers).
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { Recorder, USER_AGENT_MARKER } from '../../mock-servers/recorder.js';
import type { Exchange } from '../../scenarios/types.js';

interface Servers {
  recorder: Recorder;
  a: string;
  b: string;
  close(): Promise<void>;
}

/** Two recorded servers: A redirects in the ways the tests need, B answers a page. */
async function servers(options: { hopWindowMs?: number } = {}): Promise<Servers> {
  const recorder = new Recorder(options);
  const listening: Server[] = [];
  const start = async (id: string, routes: (app: express.Express, origins: { b: string }) => void, origins: { b: string }) => {
    const app = express();
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    listening.push(server);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app.use(...recorder.middleware(id, id === 'a' ? 'authorization-server' : 'resource-server', origin));
    routes(app, origins);
    return origin;
  };
  const origins = { b: '' };
  origins.b = await start('b', (app) => app.all('/{*any}', (_req, res) => void res.type('html').send('<p>page</p>')), origins);
  const a = await start(
    'a',
    (app, o) => {
      app.get('/.well-known/oauth-authorization-server', (req, res) => res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`));
      app.get('/login', (_req, res) => void res.type('html').send('<h1>Sign in</h1>'));
      app.get('/chain/1', (_req, res) => res.redirect(302, '2'));
      app.get('/chain/2', (_req, res) => res.redirect(301, '/chain/3#fragment'));
      app.get('/chain/3', (_req, res) => void res.json({ ok: true }));
      app.get('/elsewhere', (_req, res) => res.redirect(302, `${o.b}/landing?x=1`));
      app.get('/slow', (_req, res) => void setTimeout(() => res.redirect(302, '/login?from=slow'), 150));
      app.post('/post-302', (_req, res) => res.redirect(302, '/login?from=post'));
      app.post('/post-307', (_req, res) => res.redirect(307, '/echo'));
      app.post('/echo', (_req, res) => void res.json({ echoed: true }));
      app.get('/echo', (_req, res) => void res.json({ echoed: 'get' }));
    },
    origins,
  );
  return {
    recorder,
    a,
    b: origins.b,
    close: async () => {
      for (const server of listening) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

function byUrl(exchanges: Exchange[], url: string): Exchange[] {
  return exchanges.filter((ex) => ex.url === url);
}

function one(exchanges: Exchange[], url: string): Exchange {
  const found = byUrl(exchanges, url);
  assert.equal(found.length, 1, `one request to ${url}: ${JSON.stringify(exchanges.map((ex) => `${ex.seq} ${ex.method} ${ex.url} ${ex.status}`))}`);
  return found[0]!;
}

describe('Recorder: automatic redirect hops over real servers', () => {
  let s: Servers;
  before(async () => {
    s = await servers();
  });
  after(async () => {
    await s.close();
  });

  it("marks fetch's automatic follow of a 302 to a login page, and only that request", async () => {
    const probe = `${s.a}/.well-known/oauth-authorization-server`;
    const response = await fetch(probe);
    assert.equal(response.status, 200);
    await response.text();
    const login = `${s.a}/login?next=${encodeURIComponent('/.well-known/oauth-authorization-server')}`;
    const exchanges = s.recorder.trace().exchanges;
    const redirect = one(exchanges, probe);
    assert.equal(redirect.status, 302);
    assert.equal(redirect.redirectedFrom, undefined);
    assert.equal(one(exchanges, login).redirectedFrom, redirect.seq);
  });

  it('follows chains (relative Locations, a fragment dropped) and hops to another server of the topology', async () => {
    await (await fetch(`${s.a}/chain/1`)).text();
    await (await fetch(`${s.a}/elsewhere`)).text();
    const exchanges = s.recorder.trace().exchanges;
    const first = one(exchanges, `${s.a}/chain/1`);
    const second = one(exchanges, `${s.a}/chain/2`);
    const third = one(exchanges, `${s.a}/chain/3`);
    assert.equal(first.redirectedFrom, undefined);
    assert.equal(second.redirectedFrom, first.seq);
    assert.equal(third.redirectedFrom, second.seq);
    const landing = one(exchanges, `${s.b}/landing?x=1`);
    assert.equal(landing.server, 'b');
    assert.equal(landing.redirectedFrom, one(exchanges, `${s.a}/elsewhere`).seq);
  });

  it('a POST answered 302 is followed with GET, a POST answered 307 with POST', async () => {
    await (await fetch(`${s.a}/post-302`, { method: 'POST', body: 'x=1' })).text();
    await (await fetch(`${s.a}/post-307`, { method: 'POST', body: 'x=1' })).text();
    const exchanges = s.recorder.trace().exchanges;
    const login = one(exchanges, `${s.a}/login?from=post`);
    assert.equal(login.method, 'GET');
    assert.equal(login.redirectedFrom, one(exchanges, `${s.a}/post-302`).seq);
    const echo = one(exchanges, `${s.a}/echo`);
    assert.equal(echo.method, 'POST');
    assert.equal(echo.requestBody, 'x=1');
    assert.equal(echo.redirectedFrom, one(exchanges, `${s.a}/post-307`).seq);
  });

  it('concurrent requests redirected to the same URL each get their own hop; the URL requested again later is no hop', async () => {
    const probe = `${s.a}/.well-known/oauth-authorization-server?twice`;
    await Promise.all([fetch(probe).then((r) => r.text()), fetch(probe).then((r) => r.text())]);
    const login = `${s.a}/login?next=${encodeURIComponent('/.well-known/oauth-authorization-server?twice')}`;
    await (await fetch(login)).text();
    const exchanges = s.recorder.trace().exchanges;
    const redirects = byUrl(exchanges, probe);
    const logins = byUrl(exchanges, login);
    assert.equal(redirects.length, 2);
    assert.equal(logins.length, 3);
    assert.deepEqual(
      logins
        .slice(0, 2)
        .map((ex) => ex.redirectedFrom)
        .sort(),
      redirects.map((ex) => ex.seq).sort(),
    );
    assert.equal(logins[2]!.redirectedFrom, undefined, 'a third request to the login URL has no 3xx left to follow');
  });

  it('a request to the Location that arrives before the 3xx was answered is not its hop', async () => {
    const login = `${s.a}/login?from=slow`;
    const slow = fetch(`${s.a}/slow`).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 30));
    await (await fetch(login)).text(); // chosen by the client while /slow is still pending
    await slow;
    const exchanges = s.recorder.trace().exchanges;
    const logins = byUrl(exchanges, login);
    assert.equal(logins.length, 2);
    assert.equal(logins[0]!.redirectedFrom, undefined);
    assert.equal(logins[1]!.redirectedFrom, one(exchanges, `${s.a}/slow`).seq);
  });

  it('another party requesting the Location is no hop; the same party following by hand is one', async () => {
    const probe = `${s.a}/.well-known/oauth-authorization-server?manual`;
    const response = await fetch(probe, { redirect: 'manual' });
    await response.text();
    const location = new URL(response.headers.get('location')!, probe).href;
    await (await fetch(location, { headers: { 'user-agent': `${USER_AGENT_MARKER}/test` } })).text();
    await (await fetch(location)).text();
    const exchanges = s.recorder.trace().exchanges;
    const [byUserAgent, byClient] = byUrl(exchanges, location);
    assert.equal(byUserAgent!.from, 'user-agent');
    assert.equal(byUserAgent!.redirectedFrom, undefined);
    assert.equal(byClient!.from, 'client');
    assert.equal(byClient!.redirectedFrom, one(exchanges, probe).seq);
  });
});

describe('Recorder: the hop window', () => {
  it('a request to the Location made after the window is the client’s own choice', async () => {
    const s = await servers({ hopWindowMs: 40 });
    try {
      const probe = `${s.a}/.well-known/oauth-authorization-server`;
      const response = await fetch(probe, { redirect: 'manual' });
      await response.text();
      await new Promise((resolve) => setTimeout(resolve, 120));
      const location = new URL(response.headers.get('location')!, probe).href;
      await (await fetch(location)).text();
      assert.equal(one(s.recorder.trace().exchanges, location).redirectedFrom, undefined);
    } finally {
      await s.close();
    }
  });
});

describe('Recorder: exchanges the harness opens itself', () => {
  const open = (recorder: Recorder, fields: Partial<Exchange> & Pick<Exchange, 'method' | 'url'>) => {
    const ex = recorder.open({ server: 'as', role: 'authorization-server', from: 'user-agent', requestHeaders: {}, ...fields });
    if (fields.status !== undefined) ex.status = fields.status;
    if (fields.responseHeaders) ex.responseHeaders = fields.responseHeaders;
    return ex;
  };

  it("the user agent's hop to the client's redirect URI, answered after it was opened, is a hop of the authorization response", () => {
    const recorder = new Recorder();
    const authorize = open(recorder, { method: 'POST', url: 'http://127.0.0.1:5000/consent' });
    const callback = open(recorder, {
      method: 'GET',
      url: 'http://127.0.0.1:6000/callback?code=c&state=s',
      server: 'client-callback',
      role: 'client-callback',
    });
    // The answers arrive later, as a navigator fills them in.
    authorize.status = 302;
    authorize.responseHeaders = { location: 'http://127.0.0.1:6000/callback?code=c&state=s' };
    callback.status = 200;
    const [first, second] = recorder.trace().exchanges;
    assert.equal(first!.redirectedFrom, undefined);
    assert.equal(second!.redirectedFrom, authorize.seq);
  });

  it('no hop for: a method a redirect does not produce, an earlier request, another URL, a status that is no redirect', () => {
    const recorder = new Recorder();
    const base = 'http://127.0.0.1:5000';
    open(recorder, { method: 'GET', url: `${base}/page` }); // before any redirect
    open(recorder, { method: 'POST', url: `${base}/r307`, status: 307, responseHeaders: { location: '/target' } });
    open(recorder, { method: 'GET', url: `${base}/target` }); // 307 keeps POST: a GET is not its hop
    open(recorder, { method: 'GET', url: `${base}/r302`, status: 302, responseHeaders: { location: '/page' } });
    open(recorder, { method: 'DELETE', url: `${base}/page` }); // a GET redirect is never followed with DELETE
    open(recorder, { method: 'GET', url: `${base}/r304`, status: 304, responseHeaders: { location: '/other' } });
    open(recorder, { method: 'GET', url: `${base}/other` });
    open(recorder, { method: 'GET', url: `${base}/page?x` }); // not the Location: the query differs
    open(recorder, { method: 'GET', url: `${base}/page` });
    const hops = recorder.trace().exchanges.map((ex) => [ex.url.slice(base.length), ex.method, ex.redirectedFrom]);
    assert.deepEqual(hops, [
      ['/page', 'GET', undefined],
      ['/r307', 'POST', undefined],
      ['/target', 'GET', undefined],
      ['/r302', 'GET', undefined],
      ['/page', 'DELETE', undefined],
      ['/r304', 'GET', undefined],
      ['/other', 'GET', undefined],
      ['/page?x', 'GET', undefined],
      ['/page', 'GET', 4],
    ]);
  });
});
