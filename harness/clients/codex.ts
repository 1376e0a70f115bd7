import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { command, packageBin, preRegistered, type RealClientDefinition } from './real-client.js';

const SERVER_NAME = 'conformance';

/**
 * OpenAI Codex CLI (`@openai/codex`): the server goes into `$CODEX_HOME/config.toml` and
 * `codex mcp login NAME` runs the OAuth flow (no model, no terminal), opening $BROWSER. With a
 * pre-registered client, `codex mcp add NAME --url URL --oauth-client-id ...` is the flow instead: it
 * detects OAuth and logs in by itself. Codex reads custom CAs from SSL_CERT_FILE / CODEX_CA_CERTIFICATE.
 * No Codex command without a model uses the stored token (`mcp list` and `mcp get` only read the
 * configuration), so `authorized-request` fails for a reason of the driver, not of Codex's OAuth.
 */
export const codex: RealClientDefinition = {
  name: 'codex',
  description: 'OpenAI Codex CLI (npm @openai/codex): `codex mcp login NAME`',
  stopsAfterToken: '`codex mcp login` ends once it stores the token, and no model-free codex command calls the MCP server with it',
  npmPackage: '@openai/codex',
  binary: (dir) => packageBin(dir, '@openai/codex', 'codex'),
  plan({ scenario, mcpUrl, workspace, env }, binary) {
    const codexHome = join(workspace.home, '.codex');
    mkdirSync(codexHome, { recursive: true });
    const client = preRegistered(scenario);
    const toml = (s: string) => JSON.stringify(s);
    if (!client) writeFileSync(join(codexHome, 'config.toml'), `[mcp_servers.${SERVER_NAME}]\nurl = ${toml(mcpUrl)}\n`);
    const args = client
      ? [
          'mcp',
          'add',
          SERVER_NAME,
          '--url',
          mcpUrl,
          '--oauth-client-id',
          client.clientId,
          ...(client.clientSecret ? ['--oauth-client-secret', client.clientSecret] : []),
        ]
      : ['mcp', 'login', SERVER_NAME];
    const caFile = env.NODE_EXTRA_CA_CERTS;
    return {
      ...command(binary, args),
      cwd: workspace.cwd,
      env: { ...env, CODEX_HOME: codexHome, ...(caFile && env.SSL_CERT_FILE ? { CODEX_CA_CERTIFICATE: env.SSL_CERT_FILE } : {}) },
    };
  },
};
