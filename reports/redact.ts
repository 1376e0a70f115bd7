import { createHash } from 'node:crypto';
import type { Trace } from '../scenarios/types.js';
import { basicCredentials } from '../scenarios/credentials.js';

const SECRET_FIELDS = [
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'client_secret',
  'client_assertion',
  'password',
  // The extensions' grants: a jwt-bearer assertion (workload assertion, ID-JAG) and the IdP id_token it is exchanged for.
  'assertion',
  'subject_token',
];
const MIN_SECRET_LENGTH = 6;

function fingerprint(secret: string): string {
  return `[redacted:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}]`;
}

function fieldsOf(text: string): [string, string][] {
  const found: [string, string][] = [];
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object') {
      for (const [k, v] of Object.entries(json)) if (typeof v === 'string') found.push([k, v]);
    }
  } catch {
    for (const [k, v] of new URLSearchParams(text)) found.push([k, v]);
  }
  return found;
}

function queryOf(url: string): [string, string][] {
  try {
    return [...new URL(url).searchParams];
  } catch {
    return [];
  }
}

/** Every secret value a trace carries: tokens, codes, verifiers, client secrets and credentials in headers. */
export function secretsIn(trace: Trace): Set<string> {
  const secrets = new Set<string>();
  const add = (value: string | undefined) => {
    if (value && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
  };
  for (const ex of trace.exchanges) {
    const pairs = [...queryOf(ex.url), ...fieldsOf(ex.requestBody), ...fieldsOf(ex.responseBody), ...queryOf(ex.responseHeaders['location'] ?? '')];
    for (const [name, value] of pairs) if (SECRET_FIELDS.includes(name)) add(value);
    const authorization = ex.requestHeaders['authorization'];
    const credentials = authorization?.match(/^\S+\s+(.+)$/)?.[1];
    if (credentials) {
      add(credentials);
      const basic = basicCredentials(authorization);
      if (basic) {
        add(basic.decoded);
        add(basic.pair?.secret ?? basic.decoded);
      }
    }
    add(ex.requestHeaders['cookie']);
  }
  return secrets;
}

/** Replaces every secret with a short fingerprint, so equal secrets still read as equal. */
export function redactor(secrets: Set<string>): (text: string) => string {
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  const variants = ordered.flatMap((s): [secret: string, mark: string][] => {
    const encoded = encodeURIComponent(s);
    return encoded === s
      ? [[s, fingerprint(s)]]
      : [
          [s, fingerprint(s)],
          [encoded, fingerprint(s)],
        ];
  });
  return (text) => {
    let out = text;
    for (const [secret, mark] of variants) if (out.includes(secret)) out = out.split(secret).join(mark);
    return out;
  };
}

/** Deeply redacts every string of a JSON-shaped value. */
export function redactValue<T>(value: T, redact: (text: string) => string): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? redact(v) : v)) as T;
}
