// A client that trusts only the root certificates built into Node, ignoring NODE_EXTRA_CA_CERTS and
// SSL_CERT_FILE, as a client with its own pinned trust store does:
//   node untrusting-client.js <mcp-server-url>
// Against --tls it must show up as a TLS failure, not as a client that sent nothing.
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';

const ATTEMPTS = 3;
const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: untrusting-client <mcp-server-url>\n');
  process.exit(2);
}

function attempt(): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url!, { method: 'POST', ca: [...rootCertificates], headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    });
    req.on('error', (error) => resolve(`failed: ${error.message}`));
    req.end('{}');
  });
}

let connected = false;
for (let i = 0; i < ATTEMPTS; i += 1) {
  const outcome = await attempt();
  process.stderr.write(`untrusting client: ${url} ${outcome}\n`);
  if (outcome.startsWith('answered')) connected = true;
}
process.exit(connected ? 0 : 1);
