// A client written to the official conformance suite's contract, as its example client is: it picks its flow by the
// official scenario name in MCP_CONFORMANCE_SCENARIO, checks that MCP_CONFORMANCE_CONTEXT names the same scenario where
// it needs credentials, and refuses a name it does not know. The flow itself is the scripted client's (no faults).
//   node official-contract-client.js <mcp-server-url>
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Official scenarios whose flow is the plain authorization code flow, registering as the metadata allows. */
const AUTHORIZATION_CODE = [
  'auth/metadata-default',
  'auth/metadata-var1',
  'auth/metadata-var2',
  'auth/metadata-var3',
  'auth/basic-cimd',
  'auth/scope-from-www-authenticate',
  'auth/scope-from-scopes-supported',
  'auth/scope-omitted-when-undefined',
  'auth/scope-step-up',
  'auth/scope-retry-limit',
  'auth/token-endpoint-auth-basic',
  'auth/token-endpoint-auth-post',
  'auth/token-endpoint-auth-none',
];

function die(message: string): never {
  process.stderr.write(`official-contract client: ${message}\n`);
  process.exit(1);
}

const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? die('MCP_CONFORMANCE_SCENARIO is not set');
if (scenario === 'auth/pre-registration') {
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? die('MCP_CONFORMANCE_CONTEXT is not set')) as Record<string, unknown>;
  if (context.name !== 'auth/pre-registration') die(`Expected pre-registration context, got ${String(context.name)}`);
  if (typeof context.client_id !== 'string' || typeof context.client_secret !== 'string') die('the context lacks client_id or client_secret');
} else if (!AUTHORIZATION_CODE.includes(scenario)) {
  die(`Unknown scenario: ${scenario}`);
}

const scripted = join(dirname(fileURLToPath(import.meta.url)), 'scripted-client.js');
const child = spawn(process.execPath, [scripted, '--auth-method', 'auto', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
