import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from 'shell-quote';
import type { LaunchPlan } from '../run/client-process.js';
import { AUTO_DRIVE, command, namedMcpServers, packageBin, preRegistered, type RealClientDefinition } from './real-client.js';
import type { LaunchContext, ModelEndpoint } from './types.js';

const SERVER_NAME = 'conformance';
/** The model provider of agent mode in config.toml, and the variable its (dummy) key is read from. */
const PROVIDER = 'conformance-model-server';
const KEY_VARIABLE = 'CONFORMANCE_MODEL_API_KEY';
const PROMPT = 'Call the echo tool of every MCP server you have with the text "conformance", then say what each answered.';

const toml = (s: string) => JSON.stringify(s);

/**
 * The agent-mode config.toml: our model server as the only provider, nothing that phones home, the OAuth tokens
 * in a file under CODEX_HOME (never a keyring), and every MCP server unless `codex mcp add` registers it.
 */
function agentConfig(model: ModelEndpoint, servers: { name: string; url: string }[]): string {
  return [
    `model = ${toml(model.name)}`,
    `model_provider = ${toml(PROVIDER)}`,
    'check_for_update_on_startup = false',
    'mcp_oauth_credentials_store = "file"',
    '[analytics]',
    'enabled = false',
    '[feedback]',
    'enabled = false',
    `[model_providers.${PROVIDER}]`,
    'name = "Conformance model server"',
    `base_url = ${toml(`${model.origin}/v1`)}`,
    'wire_api = "responses"',
    `env_key = ${toml(KEY_VARIABLE)}`,
    // A refused or broken turn is the harness's to report, not something to retry for minutes.
    'request_max_retries = 0',
    'stream_max_retries = 0',
    ...servers.flatMap((s) => [`[mcp_servers.${toml(s.name)}]`, `url = ${toml(s.url)}`]),
    '',
  ].join('\n');
}

/** `codex mcp login NAME` per server (`mcp add --oauth-client-id` with a pre-registered client), then `codex exec`. */
function agentPlan(ctx: LaunchContext, model: ModelEndpoint, codexHome: string, binary: string, base: Omit<LaunchPlan, 'command' | 'args'>): LaunchPlan {
  const servers = namedMcpServers(ctx, SERVER_NAME);
  const client = preRegistered(ctx.scenario);
  writeFileSync(join(codexHome, 'config.toml'), agentConfig(model, client ? [] : servers));
  const logins = servers.map((s) =>
    client
      ? [
          'mcp',
          'add',
          s.name,
          '--url',
          s.url,
          '--oauth-client-id',
          client.clientId,
          ...(client.clientSecret ? ['--oauth-client-secret', client.clientSecret] : []),
        ]
      : ['mcp', 'login', s.name],
  );
  const exec = [
    'exec',
    '--skip-git-repo-check',
    '--ephemeral',
    '--color',
    'never',
    // The scripted model only ever calls the MCP echo tool: no shell command runs, so nothing needs a sandbox.
    '--dangerously-bypass-approvals-and-sandbox',
    PROMPT,
  ];
  const line = [...logins, exec]
    .map((args) => {
      const c = command(binary, args);
      return quote([c.command, ...c.args]);
    })
    .join(' && ');
  return { ...base, command: 'sh', args: ['-c', line], env: { ...base.env, [KEY_VARIABLE]: 'conformance-dummy-key' } };
}

/**
 * OpenAI Codex CLI (`@openai/codex`). Login drive: the server goes into `$CODEX_HOME/config.toml` and
 * `codex mcp login NAME` runs the OAuth flow (no model, no terminal), opening $BROWSER. With a
 * pre-registered client, `codex mcp add NAME --url URL --oauth-client-id ...` is the flow instead: it
 * detects OAuth and logs in by itself. Codex reads custom CAs from SSL_CERT_FILE / CODEX_CA_CERTIFICATE.
 * No Codex command without a model uses the stored token (`mcp list` and `mcp get` only read the
 * configuration), so the login drive stops after the token. Agent drive: the same login, then `codex exec`
 * against the scripted model server (OpenAI Responses), whose tool call makes Codex call the MCP server with it.
 */
export const codex: RealClientDefinition = {
  name: 'codex',
  description: 'OpenAI Codex CLI (npm @openai/codex)',
  stopsAfterToken: '`codex mcp login` ends once it stores the token, and no model-free codex command calls the MCP server with it',
  drives: ['auto', 'agent', 'login'],
  driveDescriptions: {
    auto: AUTO_DRIVE,
    agent: '`codex mcp login NAME` for each MCP server, then `codex exec` against the scripted model server (custom provider, wire_api "responses")',
    login: '`codex mcp login NAME` (`codex mcp add NAME --url URL --oauth-client-id ID` with a pre-registered client)',
  },
  npmPackage: '@openai/codex',
  binary: (dir) => packageBin(dir, '@openai/codex', 'codex'),
  plan(ctx, binary) {
    const { scenario, mcpUrl, workspace, env } = ctx;
    const codexHome = join(workspace.home, '.codex');
    mkdirSync(codexHome, { recursive: true });
    const caFile = env.NODE_EXTRA_CA_CERTS;
    const base = {
      cwd: workspace.cwd,
      env: { ...env, CODEX_HOME: codexHome, ...(caFile && env.SSL_CERT_FILE ? { CODEX_CA_CERTIFICATE: env.SSL_CERT_FILE } : {}) },
    };
    if (ctx.model) return agentPlan(ctx, ctx.model, codexHome, binary, base);
    const client = preRegistered(scenario);
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
    return { ...command(binary, args), ...base };
  },
};
