import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

// --tls: one CA per run, and one server certificate (for every loopback name a topology uses) that every
// mock server presents.

/** The host names a topology puts in URLs; the server certificate covers all of them. */
export const TLS_HOST_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

/** A run's own certificate authority and the one server certificate every mock server presents. */
export interface RunTls {
  caPem: string;
  /** The CA certificate as a PEM file, for clients (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, ...). */
  caFile: string;
  key: string;
  /** The server certificate followed by the CA's, so clients get the whole chain. */
  cert: string;
  /** base64 SHA-256 of the server certificate's SubjectPublicKeyInfo: what Chromium is told to accept. */
  spkiSha256: string;
  remove(): Promise<void>;
}

type KeyPair = { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey };

function rsaKeyPair(): KeyPair {
  // node's native key generation takes milliseconds where forge's JavaScript one takes seconds.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate(subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], publicKey: forge.pki.PublicKey, signingKey: forge.pki.rsa.PrivateKey, extensions: object[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive serial: a leading 0 nibble keeps the DER integer from reading as negative.
  cert.serialNumber = `0${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 2 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  cert.sign(signingKey, forge.md.sha256.create());
  return cert;
}

/** Generates a CA for this run and a server certificate for localhost, 127.0.0.1 and ::1, signed by it. */
export async function createRunTls(): Promise<RunTls> {
  const ca = rsaKeyPair();
  const caName = [
    { name: 'commonName', value: `mcp-oauth-conformance run CA ${randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'mcp-oauth-conformance' },
  ];
  const caCert = certificate(caName, caName, ca.publicKey, ca.privateKey, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  const server = rsaKeyPair();
  const serverCert = certificate([{ name: 'commonName', value: 'localhost' }], caName, server.publicKey, ca.privateKey, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // type 2: DNS name, 7: IP address
    { name: 'subjectAltName', altNames: [...TLS_HOST_NAMES.dns.map((value) => ({ type: 2, value })), ...TLS_HOST_NAMES.ip.map((ip) => ({ type: 7, ip }))] },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  const spkiDer = forge.asn1.toDer(forge.pki.publicKeyToAsn1(server.publicKey)).getBytes();
  const spkiSha256 = forge.util.encode64(forge.md.sha256.create().update(spkiDer).digest().getBytes());
  const caPem = forge.pki.certificateToPem(caCert);
  const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-tls-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, caPem, { mode: 0o644 });
  return {
    caPem,
    caFile,
    key: forge.pki.privateKeyToPem(server.privateKey),
    cert: forge.pki.certificateToPem(serverCert) + caPem,
    spkiSha256,
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
