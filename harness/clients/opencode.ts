import { join } from 'node:path';
import { preRegistered, type RealClientDefinition } from './real-client.js';

const SERVER_NAME = 'conformance';
/** opencode's OAuth callback listener: http://127.0.0.1:19876/mcp/oauth/callback. */
const CALLBACK_PORT = 19876;

function platformPackage(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `opencode-${os}-${process.arch}`;
}

/**
 * opencode (`opencode-ai`): the server is registered through OPENCODE_CONFIG_CONTENT and
 * `opencode mcp auth NAME` runs the OAuth flow without a model or a terminal; it opens the browser with
 * `xdg-open`. Only the platform binary package is installed (the `opencode-ai` wrapper pulls four of them).
 */
export const opencode: RealClientDefinition = {
  name: 'opencode',
  description: 'opencode (npm opencode-ai): `opencode mcp auth NAME`, callback 127.0.0.1:19876',
  npmPackage: 'opencode-ai',
  installPackage: platformPackage,
  binary: (dir) => join(dir, 'node_modules', platformPackage(), 'bin', process.platform === 'win32' ? 'opencode.exe' : 'opencode'),
  fixedPorts: [CALLBACK_PORT],
  plan({ scenario, mcpUrl, workspace, env }, binary) {
    const client = preRegistered(scenario);
    // `oauth: {}` turns OAuth on explicitly: releases before 1.1 ignore a server without it.
    const oauth = client ? { clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) } : {};
    const config = { $schema: 'https://opencode.ai/config.json', mcp: { [SERVER_NAME]: { type: 'remote', url: mcpUrl, oauth } } };
    return {
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
  },
};
