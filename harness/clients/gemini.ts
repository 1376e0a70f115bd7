import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { command, interactiveEnv, packageBin, preRegistered, type RealClientDefinition } from './real-client.js';

const SERVER_NAME = 'conformance';
/** Failures after which Gemini CLI only waits for a model it cannot reach. */
const GAVE_UP = /OAuth callback rejected|Authentication failed|Failed to (?:authenticate|discover)|fetch failed/i;

/**
 * Gemini CLI (`@google/gemini-cli`) has no `mcp auth` subcommand: the headless path is `gemini -p` with the
 * server marked `oauth.enabled`, a trusted folder and a dummy API key. MCP discovery at start-up runs the
 * OAuth flow before any model call; the consent question is answered "y" on stdin; it opens the browser
 * with `xdg-open` only when DISPLAY is set. It never exits by itself (the model call fails offline), so
 * the run is finished once the token file appears (plus time for its authenticated MCP requests) or it
 * reports a failure.
 */
export const gemini: RealClientDefinition = {
  name: 'gemini',
  description: 'Gemini CLI (npm @google/gemini-cli): `gemini -p` with oauth.enabled, consent "y" on stdin',
  npmPackage: '@google/gemini-cli',
  binary: (dir) => packageBin(dir, '@google/gemini-cli', 'gemini'),
  plan({ scenario, mcpUrl, workspace, env }, binary) {
    const dir = join(workspace.home, '.gemini');
    mkdirSync(dir, { recursive: true });
    const client = preRegistered(scenario);
    const oauth = { enabled: true, ...(client ? { clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) } : {}) };
    const settings = {
      mcpServers: { [SERVER_NAME]: { url: mcpUrl, type: 'http', oauth } },
      security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
    };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
    const tokens = join(dir, 'mcp-oauth-tokens.json');
    return {
      ...command(binary, ['-p', 'hi']),
      cwd: workspace.cwd,
      env: { ...interactiveEnv(env), GEMINI_CLI_TRUST_WORKSPACE: 'true', GEMINI_API_KEY: 'conformance-dummy-key' },
      stdin: 'y\n'.repeat(4),
      keepStdinOpen: true,
      finished: ({ stdout, stderr }) => existsSync(tokens) || GAVE_UP.test(stdout + stderr),
      finishGraceMs: 4000,
    };
  },
};
