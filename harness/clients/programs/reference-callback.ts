// The reference client's loopback redirect URI: the authorization response arrives here, checked for its state and,
// for an error response, its issuer.
// Like every reference-*.ts module it imports nothing from scenarios/ (see reference-client.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issProblem } from './reference-session.js';

const CALLBACK_TIMEOUT_MS = 30_000;

export interface Callback {
  code: string;
  iss: string | null;
}

/** A loopback listener for the redirect URI; a callback with a wrong state is answered 400 and ignored. */
export async function startCallbackListener() {
  let expectedState: string | undefined;
  let deliver: ((callback: Callback) => void) | undefined;
  let reject: ((error: Error) => void) | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const params = url.searchParams;
    if (!expectedState || params.get('state') !== expectedState) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('state does not match the authorization request; callback ignored');
      return;
    }
    const error = params.get('error');
    // An error response from another issuer is neither shown nor acted on (2026-07-28 Authorization Response
    // Validation): the flow waits for the genuine response.
    const foreign = error ? issProblem(params.get('iss')) : undefined;
    if (foreign) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('this authorization response does not come from the authorization server asked; ignored');
      process.stderr.write(`reference client: ignored an error response: ${foreign}\n`);
      return;
    }
    if (error) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`authorization failed: ${error}`);
      reject?.(new Error(`authorization server answered ${error}: ${params.get('error_description') ?? ''}`));
      return;
    }
    const code = params.get('code');
    if (!code) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('no code');
      return;
    }
    expectedState = undefined;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('Authorization complete; you may close this window.');
    deliver?.({ code, iss: params.get('iss') });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    redirectUrl: `http://127.0.0.1:${port}/callback`,
    expect(state: string) {
      expectedState = state;
    },
    next(): Promise<Callback> {
      return new Promise((resolve, fail) => {
        const timer = setTimeout(() => fail(new Error('no authorization callback arrived in time')), CALLBACK_TIMEOUT_MS);
        deliver = (callback) => {
          clearTimeout(timer);
          resolve(callback);
        };
        reject = (error) => {
          clearTimeout(timer);
          fail(error);
        };
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
