import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { commandClient } from './command.js';
import { gemini } from './gemini.js';
import { mcpRemote } from './mcp-remote.js';
import { opencode } from './opencode.js';
import { realClient, type RealClientDefinition } from './real-client.js';
import { referenceClient } from './reference.js';
import { sdk } from './sdk.js';
import { ClientSpecError, type ClientAdapter } from './types.js';

/** Real clients, selected as `name` (newest) or `name@version` (installed on demand). */
export const REAL_CLIENTS: readonly RealClientDefinition[] = [opencode, mcpRemote, codex, gemini, claudeCode, sdk];

/** Built-in clients, selected by name with --client. */
export const BUILT_IN_CLIENTS: readonly Pick<ClientAdapter, 'name' | 'description'>[] = [referenceClient, ...REAL_CLIENTS];

const VERSIONED = /^([a-z][a-z0-9-]*)(?:@([0-9A-Za-z.+-]+))?$/;

/**
 * A built-in client by name (`opencode`, `opencode@1.1.11`, ...); anything else is a command line under the
 * official suite's contract. `clientPath` runs a real client's binary the user already has instead of installing.
 */
export function resolveClient(spec: string | undefined, clientPath?: string): ClientAdapter {
  const trimmed = spec?.trim() ?? '';
  if (trimmed === '' || trimmed === referenceClient.name) {
    if (clientPath) throw new ClientSpecError('--client-path needs a real client: --client opencode, mcp-remote, codex, gemini, claude-code or sdk');
    return referenceClient;
  }
  const match = VERSIONED.exec(trimmed);
  const definition = match ? REAL_CLIENTS.find((c) => c.name === match[1]) : undefined;
  if (definition) return realClient(definition, match![2], clientPath);
  if (clientPath) throw new ClientSpecError(`--client-path needs a built-in real client name, not "${trimmed}"`);
  return commandClient(trimmed);
}
