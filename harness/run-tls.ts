import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Forge from 'node-forge';
import { harnessCacheRoot } from './cache-root.js';

// --tls: one CA (cached, see tlsMaterial) and one server certificate, for every loopback name a topology
// uses, that every mock server presents.

// node-forge is loaded only when a CA is generated: importing it costs about as much as the CLI's start-up.
let forge: typeof Forge;

/** The host names a topology puts in URLs; the server certificate covers all of them. */
export const TLS_HOST_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

/** The run's certificate authority and the one server certificate every mock server presents. */
export interface RunTls {
  caPem: string;
  /** The CA certificate as a PEM file, for clients (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, ...). */
  caFile: string;
  key: string;
  /** The server certificate followed by the CA's, so clients get the whole chain. */
  cert: string;
  /** base64 SHA-256 of the server certificate's SubjectPublicKeyInfo: what Chromium is told to accept. */
  spkiSha256: string;
  /** Whether the CA came from the cache folder rather than being generated now. */
  cached: boolean;
  remove(): Promise<void>;
}

type KeyPair = { privateKey: Forge.pki.rsa.PrivateKey; publicKey: Forge.pki.rsa.PublicKey };

function newRsaKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

function keyPair(pem: string): KeyPair {
  const key = forge.pki.privateKeyFromPem(pem);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate(
  subject: Forge.pki.CertificateField[],
  issuer: Forge.pki.CertificateField[],
  publicKey: Forge.pki.PublicKey,
  signingKey: Forge.pki.rsa.PrivateKey,
  notAfter: number,
  extensions: object[],
): Forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive serial: a leading 0 nibble keeps the DER integer from reading as negative.
  cert.serialNumber = `0${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(notAfter);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  cert.sign(signingKey, forge.md.sha256.create());
  return cert;
}

/** What is generated once and cached: the CA and the server certificate with their keys. */
interface TlsMaterial {
  caPem: string;
  key: string;
  cert: string;
  spkiSha256: string;
  /** ms since the epoch; regenerated a day before. */
  notAfter: number;
}

const VALIDITY_MS = 30 * 24 * 60 * 60 * 1000;

/** A CA and a server certificate for localhost, 127.0.0.1 and ::1 signed by it, made with node-forge. */
async function generateMaterial(): Promise<TlsMaterial> {
  forge ??= (await import('node-forge')).default;
  const ca = keyPair(newRsaKey());
  const notAfter = Date.now() + VALIDITY_MS;
  const caName = [
    { name: 'commonName', value: `mcp-oauth-conformance CA ${randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'mcp-oauth-conformance' },
  ];
  const caCert = certificate(caName, caName, ca.publicKey, ca.privateKey, notAfter, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  const server = keyPair(newRsaKey());
  const serverCert = certificate([{ name: 'commonName', value: 'localhost' }], caName, server.publicKey, ca.privateKey, notAfter, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // type 2: DNS name, 7: IP address
    { name: 'subjectAltName', altNames: [...TLS_HOST_NAMES.dns.map((value) => ({ type: 2, value })), ...TLS_HOST_NAMES.ip.map((ip) => ({ type: 7, ip }))] },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  const spkiDer = forge.asn1.toDer(forge.pki.publicKeyToAsn1(server.publicKey)).getBytes();
  const caPem = forge.pki.certificateToPem(caCert);
  return {
    caPem,
    key: forge.pki.privateKeyToPem(server.privateKey),
    cert: forge.pki.certificateToPem(serverCert) + caPem,
    spkiSha256: forge.util.encode64(forge.md.sha256.create().update(spkiDer).digest().getBytes()),
    notAfter,
  };
}

/**
 * Generating costs 1-4 s (two RSA keys, and node-forge signs in JavaScript; measured on a loaded 2-core
 * machine), so the CA is kept in the harness's cache folder (mode 0600) and reused until a day before it
 * expires. Deleting the folder makes the next run generate a new one.
 */
async function tlsMaterial(): Promise<TlsMaterial & { cached: boolean }> {
  const file = join(harnessCacheRoot(), 'tls', 'ca.json');
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as Partial<TlsMaterial>;
    if (cached.caPem && cached.key && cached.cert && cached.spkiSha256 && (cached.notAfter ?? 0) > Date.now() + 24 * 60 * 60 * 1000)
      return { ...(cached as TlsMaterial), cached: true };
  } catch {
    // not cached yet, or unreadable: generate
  }
  const material = await generateMaterial();
  try {
    await mkdir(join(harnessCacheRoot(), 'tls'), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(material), { mode: 0o600 });
    await rename(partial, file);
  } catch {
    // a read-only cache only costs the next run the generation again
  }
  return { ...material, cached: false };
}

/** The run's CA (from the cache, or generated) with its certificate written to a file for clients. */
export async function createRunTls(): Promise<RunTls> {
  const material = await tlsMaterial();
  const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-tls-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, material.caPem, { mode: 0o644 });
  return {
    caPem: material.caPem,
    caFile,
    key: material.key,
    cert: material.cert,
    spkiSha256: material.spkiSha256,
    cached: material.cached,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * What a client needs in its environment to trust the run's CA. Adapters whose runtime reads another variable
 * set it from LaunchContext.tls.caFile (e.g. CODEX_CA_CERTIFICATE).
 */
export function tlsTrustEnv(tls: Pick<RunTls, 'caFile'>): NodeJS.ProcessEnv {
  return { NODE_EXTRA_CA_CERTS: tls.caFile, SSL_CERT_FILE: tls.caFile };
}

/** The scenario's reason when clients broke off TLS handshakes: a TLS failure, not "no requests". */
export function tlsRefusalReason(failures: { origin: string; message: string }[]): string | undefined {
  if (failures.length === 0) return undefined;
  const kinds = [...new Set(failures.map((f) => `${f.origin}: ${f.message}`))].slice(0, 3).join('; ');
  const times = failures.length === 1 ? 'once' : `${failures.length} times`;
  return `the client refused the TLS handshake ${times} (${kinds}); make it trust the run's CA, e.g. NODE_EXTRA_CA_CERTS or SSL_CERT_FILE (both are set in its environment), or the variable its runtime reads`;
}

/** Makes this process's own fetch (the HTTP user agent) trust the run's CA besides the usual roots. */
export async function trustInProcess(tls: Pick<RunTls, 'caPem'>): Promise<void> {
  const [{ Agent, setGlobalDispatcher }, { rootCertificates }] = await Promise.all([import('undici'), import('node:tls')]);
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, tls.caPem] } }));
}
