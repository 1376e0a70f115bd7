import { clientProgram } from '../paths.js';
import type { ClientAdapter } from './types.js';

/** The built-in reference client: the official SDK's client with the checks the SDK leaves out added. */
export const referenceClient: ClientAdapter = {
  name: 'reference',
  description: 'built-in reference client (official TypeScript SDK Client + OAuth provider, with issuer, state and iss validation)',
  plan: ({ mcpUrl, env, workspace }) => ({
    command: process.execPath,
    args: [clientProgram('reference-client'), mcpUrl],
    env,
    cwd: workspace.cwd,
  }),
};
