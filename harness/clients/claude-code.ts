import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { command, interactiveEnv, loginThenConnect, packageBin, type RealClientDefinition } from './real-client.js';

const SERVER_NAME = 'conformance';

/**
 * Claude Code (`@anthropic-ai/claude-code`): the server goes into `$CLAUDE_CONFIG_DIR/.claude.json` and
 * `claude mcp login NAME` runs the OAuth flow without an Anthropic login; it refuses to run without a
 * terminal, so it runs under a pseudo-terminal (`script`), and opens $BROWSER. `claude mcp get NAME` follows
 * it, to make the authorized MCP request the login itself never makes.
 */
export const claudeCode: RealClientDefinition = {
  name: 'claude-code',
  description: 'Claude Code (npm @anthropic-ai/claude-code): `claude mcp login NAME` under a pseudo-terminal',
  npmPackage: '@anthropic-ai/claude-code',
  // Newer releases ship a placeholder `claude.exe` that a postinstall replaces; the platform package's binary
  // is the real one (install scripts are not run).
  binary: (dir) => {
    const native = join(
      dir,
      'node_modules',
      '@anthropic-ai',
      `claude-code-${process.platform}-${process.arch}`,
      process.platform === 'win32' ? 'claude.exe' : 'claude',
    );
    return existsSync(native) ? native : packageBin(dir, '@anthropic-ai/claude-code', 'claude');
  },
  skipReason: (scenario) =>
    scenario.context?.client_id
      ? 'Claude Code takes a pre-registered client only through `claude mcp add --client-id` with its secret in the keychain or a prompt; not driven headlessly'
      : undefined,
  plan({ mcpUrl, workspace, env }, binary) {
    const configDir = join(workspace.home, '.claude');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, '.claude.json'), JSON.stringify({ mcpServers: { [SERVER_NAME]: { type: 'http', url: mcpUrl } } }, null, 2));
    // `mcp login` stores the token without using it; `mcp get` then connects with it (initialize, tools/list).
    return loginThenConnect(
      {
        ...command(binary, ['mcp', 'login', SERVER_NAME]),
        cwd: workspace.cwd,
        env: {
          ...interactiveEnv(env),
          CLAUDE_CONFIG_DIR: configDir,
          DISABLE_AUTOUPDATER: '1',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_TELEMETRY: '1',
        },
      },
      ['mcp', 'get', SERVER_NAME],
      true,
    );
  },
};
