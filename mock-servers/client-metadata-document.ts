import { request } from 'node:https';
import type { Recorder } from './recorder.js';
import { isLoopbackHost } from '../scenarios/urls.js';

/** A client ID metadata document as the authorization server found it, or why it could not look. */
export type FetchedDocument = { reachable: true; document: Record<string, unknown> | undefined; status: number } | { reachable: false; reason: string };

const FETCH_TIMEOUT_MS = 5_000;
const MAX_DOCUMENT_BYTES = 64 * 1024;

/**
 * GETs a client's metadata document, the way an authorization server supporting CIMD does, but only when it is
 * on loopback: nothing may leave the machine. A loopback client serves it with a certificate nobody issued, so
 * the certificate is not verified (the host is already known to be this machine). The fetch is recorded.
 */
export async function fetchClientMetadataDocument(clientId: string, recorder: Recorder): Promise<FetchedDocument> {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return { reachable: false, reason: 'the client_id is not a URL' };
  }
  if (url.protocol !== 'https:') return { reachable: false, reason: 'the client_id is not an https URL' };
  if (!isLoopbackHost(url.hostname)) return { reachable: false, reason: `${url.hostname} is not on loopback, and the harness never leaves the machine` };
  const exchange = recorder.open({
    server: 'client-metadata-document',
    role: 'client-metadata-document',
    from: 'authorization-server',
    method: 'GET',
    url: url.href,
    requestHeaders: { accept: 'application/json' },
  });
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', headers: { accept: 'application/json' }, rejectUnauthorized: false, timeout: FETCH_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_DOCUMENT_BYTES) chunks.push(chunk);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        exchange.status = res.statusCode ?? 0;
        exchange.responseBody = text;
        exchange.responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        let document: Record<string, unknown> | undefined;
        try {
          const parsed = JSON.parse(text) as unknown;
          document = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
        } catch {
          document = undefined;
        }
        resolve({ reachable: true, document, status: exchange.status });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => {
      exchange.responseBody = `(no response: ${error.message})`;
      resolve({ reachable: true, document: undefined, status: 0 });
    });
    req.end();
  });
}
