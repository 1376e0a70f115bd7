// The account of a scenario that did not pass (scenarios/account.ts) and the client's words it quotes
// (scenarios/client-words.ts), over traces and outputs written by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stopAccount, type ClientEnding } from '../../scenarios/account.js';
import { bodyText, outputLines, quotableLines, quotedOutput } from '../../scenarios/client-words.js';
import type { ResolvedTopology, Verdict } from '../../scenarios/types.js';
import { traceBuilder } from '../synthetic-trace.js';

const RS = 'http://localhost:4000';
const AS = 'http://127.0.0.1:5000';
const CALLBACK = 'http://127.0.0.1:6000/callback';
const trace = traceBuilder({ id: 'gateway', origin: RS }, { id: 'auth0', origin: AS });
const topology: ResolvedTopology = {
  resourceServers: [
    {
      id: 'gateway',
      origin: RS,
      mcpUrl: `${RS}/mcp`,
      prmUrls: [`${RS}/.well-known/oauth-protected-resource/mcp`],
      authorizationServers: ['auth0'],
    },
  ],
  authorizationServers: [
    { id: 'auth0', origin: AS, issuer: `${AS}/`, endpoints: { authorization: `${AS}/authorize`, token: `${AS}/token` }, metadataUrls: {} },
  ],
};

function verdict(id: string, status: Verdict['status'], evidence: number[], violations?: number[], level: Verdict['level'] = 'MUST'): Verdict {
  return {
    id,
    title: id,
    level,
    status,
    message: `expected something of ${id}`,
    requirements: [{ id: 'X-1', level, summary: '', source: '', url: 'https://example.invalid/', since: '2025-06-18' }],
    evidence,
    ...(violations ? { violations } : {}),
  };
}

const exited = (code: number, stderr = '', stdout = ''): ClientEnding => ({ exitCode: code, signal: null, timedOut: false, stdout, stderr });

/** Discovery, registration, the browser's authorization request and its redirect to the client's redirect URI. */
const flow = (callbackStatus: number, callbackQuery = 'code=abc&state=s1', callbackBody = '') =>
  trace(
    { method: 'POST', url: `${RS}/mcp`, status: 401 },
    { method: 'GET', url: `${RS}/.well-known/oauth-protected-resource/mcp`, status: 200 },
    { method: 'GET', url: `${AS}/.well-known/oauth-authorization-server`, status: 200 },
    { method: 'POST', url: `${AS}/register`, status: 201 },
    { method: 'GET', url: `${AS}/authorize?state=s1&client_id=c`, status: 302, from: 'user-agent' },
    { method: 'GET', url: `${CALLBACK}?${callbackQuery}`, status: callbackStatus, from: 'user-agent', redirectedFrom: 5, responseBody: callbackBody },
  );

describe('client words', () => {
  it('removes escape codes, splits redrawn frames, collapses a spinner and drops npm notices', () => {
    const spinner = ['◐', '◓', '◑'].map((g) => `\x1b[999D\x1b[J\x1b[36m${g}  Starting OAuth flow...\x1b[0m`).join('');
    const lines = outputLines(`${spinner}\nnpm notice New major version of npm available!\r\n\x1b[31mError: boom\x1b[0m\n`);
    assert.deepEqual(
      lines.map((l) => [l.text, l.repeated]),
      [
        ['Starting OAuth flow...', 3],
        ['Error: boom', 1],
      ],
    );
  });

  it('prefers trouble about the flow over other trouble, and any trouble over INFO chatter', () => {
    const stderr = 'INFO  service=state waiting for state disposal\nerror: ConnectionRefused downloading package manifest\nINFO done\n';
    const stdout = 'Authentication failed\nHTTP 401 trying to load well-known OAuth metadata\nDone.\n';
    assert.deepEqual(
      quotableLines([
        { source: 'stderr', text: stderr },
        { source: 'stdout', text: stdout },
      ]),
      [
        { source: 'stdout', text: 'Authentication failed' },
        { source: 'stdout', text: 'HTTP 401 trying to load well-known OAuth metadata' },
      ],
    );
    assert.equal(quotedOutput('INFO a\nINFO b\nplain words\nINFO c\n'), 'plain words');
    assert.equal(quotedOutput('2026-12-06T08:42:02.091Z [DEBUG] connection closed (with errors)\nError: no token\n'), 'Error: no token');
    assert.equal(quotedOutput('timestamp=2026-12-06T07:16:58Z level=INFO message=created\nstill waiting\n'), 'still waiting');
    assert.equal(quotedOutput('\x1b[0m\n'), '(nothing)');
  });

  it('quotes a warning about something else only as something said, a warning about the flow above it', () => {
    // Gemini CLI 0.61.0 after its registration was refused: the colour warning is not why it stopped.
    const gemini =
      'Warning: 256-color support not detected. Using a terminal with at least 256-color support is recommended.\nYOLO mode is enabled.\nMCP issues detected. Run /mcp list for status.\n';
    assert.equal(quotedOutput(gemini, 2), 'YOLO mode is enabled. | MCP issues detected. Run /mcp list for status.');
    assert.equal(quotedOutput('Warning: token cache is stale\nStarting\n'), 'Warning: token cache is stale');
  });

  it('reduces an HTML page to its visible sentences, keeping a title the page does not repeat', () => {
    const page =
      '<html><head><title>OpenCode - Authorization Failed</title><style>p { color: red }</style></head><body><h1>Authorization Failed</h1><p>An error occurred.</p><div>Invalid &amp; expired state</div></body></html>';
    assert.equal(bodyText(page), 'Authorization Failed. An error occurred. Invalid & expired state.');
    assert.equal(bodyText('<html><head><title>Denied</title></head><body><p>no code</p></body></html>'), 'Denied: no code.');
    assert.equal(bodyText('bad   state'), 'bad state');
  });
});

describe('the account of a scenario', () => {
  it('names the redirect URI refusing a well-formed response as the cause, not the registration before it', () => {
    const checks = [verdict('authorized-request', 'fail', [4], [])];
    const account = stopAccount({
      trace: flow(400, 'code=abc&state=s1', '<html><body><p>Invalid or expired state parameter</p></body></html>'),
      topology,
      checks,
      client: exited(1, 'callback refused\n'),
    });
    assert.deepEqual(account.cause, { kind: 'refusal', seq: 6, httpStatus: 400 });
    assert.match(
      account.headline ?? '',
      /^the client's redirect URI refused the authorization response: .*\(#6\) with 400 "Invalid or expired state parameter\."$/,
    );
    assert.deepEqual(account.consequences, ['authorized-request']);
    assert.match(account.then, /exited with code 1/);
    assert.deepEqual(account.words[0], { source: 'redirect-uri', seq: 6, text: 'Invalid or expired state parameter.' });
  });

  it('does not blame a refusal of a response the scenario forged (a state the client never sent, another iss, an error)', () => {
    const checks = [verdict('authorized-request', 'fail', [4], [])];
    for (const query of ['code=abc&state=forged', `code=abc&state=s1&iss=${encodeURIComponent('http://evil.example/')}`, 'error=access_denied&state=s1']) {
      const account = stopAccount({ trace: flow(400, query), topology, checks, client: exited(1) });
      assert.equal(account.cause?.kind, 'stopped', query);
    }
  });

  it('names the earliest request a failed check marks, preferring the failed MUST over an earlier SHOULD finding', () => {
    const checks = [
      verdict('asm-well-known-order', 'warn', [2], [2], 'SHOULD'),
      verdict('asm-from-authorization-server', 'fail', [3, 4], [4]),
      verdict('bearer-header', 'fail', [1, 5], [5]),
      verdict('authorized-request', 'fail', [6], []),
    ];
    const account = stopAccount({ trace: flow(200), topology, checks, client: exited(0) });
    assert.deepEqual(account.cause, { kind: 'violation', seq: 4, check: 'asm-from-authorization-server', level: 'MUST', status: 'fail' });
    assert.match(account.headline ?? '', /^asm-from-authorization-server \(MUST\): expected/);
    assert.deepEqual(account.consequences, ['authorized-request']);
  });

  it("never takes a client's automatic redirect hop for its choice", () => {
    const hops = trace(
      { method: 'GET', url: `${RS}/.well-known/oauth-protected-resource/mcp`, status: 302 },
      { method: 'GET', url: `${RS}/login`, status: 200, redirectedFrom: 1 },
    );
    const account = stopAccount({ trace: hops, topology, checks: [verdict('prm-well-known-order', 'fail', [2], [2])], client: exited(1) });
    assert.equal(account.cause?.kind, 'stopped');
  });

  it('a client that stopped gets where it stopped and its words; one with nothing failed gets no cause', () => {
    const stopped = stopAccount({
      trace: flow(200),
      topology,
      checks: [verdict('authorized-request', 'fail', [6], [])],
      client: { exitCode: null, signal: 'SIGKILL', timedOut: true, stdout: '', stderr: 'Error: no token\n' },
    });
    assert.equal(stopped.cause?.kind, 'stopped');
    assert.match(
      stopped.headline ?? '',
      /^the client stopped after its redirect URI answered GET .* with 200 \(#6\): it was still running at the timeout.*; it said: "Error: no token"$/,
    );
    const unanswered = stopAccount({ trace: flow(0), topology, checks: [verdict('authorized-request', 'fail', [6], [])], client: exited(1) });
    assert.match(unanswered.lastStep?.text ?? '', /^its redirect URI did not answer GET http:\/\/127\.0\.0\.1:6000\/callback\?code=abc&state=s1 \(#6\)$/);
    const fine = stopAccount({
      trace: flow(200),
      topology,
      checks: [verdict('pkce-s256', 'pass', [5]), verdict('bearer-header', 'skip', [])],
      client: exited(0),
    });
    assert.equal(fine.cause, undefined);
    assert.equal(fine.headline, undefined);
    assert.match(fine.then, /it sent nothing more, and it exited with code 0/);
  });
});
