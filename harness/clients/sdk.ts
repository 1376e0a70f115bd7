import { join } from 'node:path';
import { clientProgram } from '../paths.js';
import type { RealClientDefinition } from './real-client.js';

const SDK = '@modelcontextprotocol/sdk';

/**
 * `sdk@<version>`: the official TypeScript SDK's client at that version (installed on demand), driven by
 * programs/sdk-driver.js: connect over Streamable HTTP, authorize when refused, list tools. Versions before the
 * Streamable HTTP client (1.10) cannot be driven.
 */
export const sdk: RealClientDefinition = {
  name: 'sdk',
  description: 'official TypeScript SDK client (npm @modelcontextprotocol/sdk) through a minimal driver',
  npmPackage: SDK,
  binary: (dir) => join(dir, 'node_modules', ...SDK.split('/')),
  clientPathIs: 'folder',
  plan({ mcpUrl, workspace, env }, sdkDir) {
    return {
      command: process.execPath,
      args: [clientProgram('sdk-driver'), mcpUrl],
      cwd: workspace.cwd,
      env: { ...env, MCP_SDK_DIR: sdkDir },
    };
  },
};
