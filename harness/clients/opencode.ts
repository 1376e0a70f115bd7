import { join } from 'node:path';
import { quote } from 'shell-quote';
import type { LaunchPlan } from '../run/client-process.js';
import { AUTO_DRIVE, namedMcpServers, preRegistered, type RealClientDefinition } from './real-client.js';
import type { ModelEndpoint } from './types.js';

const SERVER_NAME = 'conformance';
/** opencode's OAuth callback listener: http://127.0.0.1:19876/mcp/oauth/callback. */
const CALLBACK_PORT = 19876;
/** The provider id the scripted model is configured under (`-m conformance/conformance-model`). */
const PROVIDER = 'conformance';
const PROMPT = 'Call the echo tool of every MCP server you have, then say what they answered.';

function platformPackage(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `opencode-${os}-${process.arch}`;
}

/**
 * The scripted model as an OpenAI-compatible provider: `@ai-sdk/openai-compatible` is bundled in the binary (every
 * release tried, 1.0.185 to 1.18.33), so opencode never installs it. Chat completions at `<origin>/v1`.
 */
function provider(model: ModelEndpoint): object {
  return {
    [PROVIDER]: {
      npm: '@ai-sdk/openai-compatible',
      name: 'Conformance scripted model',
      options: { baseURL: `${model.origin}/v1`, apiKey: 'conformance-dummy-key' },
      models: { [model.name]: { name: model.name, tool_call: true } },
    },
  };
}

/**
 * opencode (`opencode-ai`): the servers are registered through OPENCODE_CONFIG_CONTENT and `opencode mcp auth NAME`
 * runs the OAuth flow without a model or a terminal; it opens the browser with `xdg-open`. In agent mode,
 * `opencode run` does not start an OAuth flow (a server without a stored token is left "needs auth"), so every
 * server is logged in to first, then `opencode run` prompts the scripted model, whose tool calls reach the MCP
 * servers with the stored tokens. Only the platform binary package is installed (the `opencode-ai` wrapper pulls four).
 */
export const opencode: RealClientDefinition = {
  name: 'opencode',
  description: 'opencode (npm opencode-ai), OAuth callback 127.0.0.1:19876',
  npmPackage: 'opencode-ai',
  installPackage: platformPackage,
  binary: (dir) => join(dir, 'node_modules', platformPackage(), 'bin', process.platform === 'win32' ? 'opencode.exe' : 'opencode'),
  fixedPorts: [CALLBACK_PORT],
  drives: ['auto', 'agent', 'login'],
  driveDescriptions: {
    auto: AUTO_DRIVE,
    agent: '`opencode mcp auth NAME` for each MCP server, then `opencode run` against the scripted model (an @ai-sdk/openai-compatible provider)',
    login: '`opencode mcp auth conformance`',
  },
  plan(ctx, binary): LaunchPlan {
    const { scenario, mcpUrl, workspace, env, model } = ctx;
    const client = preRegistered(scenario);
    // `oauth: {}` turns OAuth on explicitly: releases before 1.1 ignore a server without it.
    const oauth = client ? { clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) } : {};
    const list = model ? namedMcpServers(ctx, SERVER_NAME) : [{ name: SERVER_NAME, url: mcpUrl }];
    const mcp = Object.fromEntries(list.map((s) => [s.name, { type: 'remote', url: s.url, oauth }]));
    const config = {
      $schema: 'https://opencode.ai/config.json',
      mcp,
      ...(model
        ? {
            provider: provider(model),
            enabled_providers: [PROVIDER],
            model: `${PROVIDER}/${model.name}`,
            small_model: `${PROVIDER}/${model.name}`,
            share: 'disabled',
            autoupdate: false,
            // Every tool runs without asking: `opencode run` has nobody to answer a prompt.
            permission: { '*': 'allow' },
          }
        : {}),
    };
    const plan: LaunchPlan = {
      command: binary,
      args: ['mcp', 'auth', SERVER_NAME],
      cwd: workspace.cwd,
      env: {
        ...env,
        OPENCODE_CONFIG_CONTENT: JSON.stringify(config),
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
        OPENCODE_DISABLE_SHARE: '1',
        OPENCODE_DISABLE_PROJECT_CONFIG: '1',
        // opencode installs its plugin package on start with its embedded bun: point that at a dead loopback
        // port, never the registry (bun prefers BUN_CONFIG_REGISTRY; 1.1.11 was seen to honour both).
        NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/',
        BUN_CONFIG_REGISTRY: 'http://127.0.0.1:9/',
        TERM: 'dumb',
      },
    };
    if (!model) return plan;
    // `opencode run` of releases before 1.1 dies when it cannot install its default auth plugins from the registry.
    // Some (1.1.31, 1.1.34) wipe their cache at start (a cache version of their own) and, with no models.dev catalogue
    // there, fetch one from OPENCODE_MODELS_URL (default https://models.dev) before the first turn, whatever
    // OPENCODE_DISABLE_MODELS_FETCH says; offline the session was cancelled unasked. The model server serves one.
    plan.env = { ...plan.env, OPENCODE_DISABLE_DEFAULT_PLUGINS: '1', OPENCODE_MODELS_URL: model.origin };
    const logins = list.map((s) => quote([binary, 'mcp', 'auth', s.name]));
    const run = quote([binary, 'run', '--print-logs', '-m', `${PROVIDER}/${model.name}`, PROMPT]);
    return { ...plan, command: 'sh', args: ['-c', [...logins, run].join(' && ')] };
  },
};
