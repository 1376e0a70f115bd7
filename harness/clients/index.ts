import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { commandClient } from './command.js';
import { gemini } from './gemini.js';
import { mcpRemote } from './mcp-remote.js';
import { opencode } from './opencode.js';
import { realClient, type RealClientDefinition } from './real-client.js';
import { referenceClient } from './reference.js';
import { sdk } from './sdk.js';
import { ClientSpecError, type ClientAdapter, type Drive } from './types.js';

/** Real clients, selected as `name` (newest) or `name@version` (installed on demand). */
export const REAL_CLIENTS: readonly RealClientDefinition[] = [opencode, mcpRemote, codex, gemini, claudeCode, sdk];

/** Built-in clients, selected by name with --client. */
export const BUILT_IN_CLIENTS: readonly Pick<ClientAdapter, 'name' | 'description'>[] = [referenceClient, ...REAL_CLIENTS];

/**
 * Adds a real client beside the list above, for code that embeds the harness and for tests: resolveClient() then
 * finds it by name. In-process only: a namespace worker (--isolation) knows the list above alone.
 */
export function registerRealClient(definition: RealClientDefinition): void {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) throw new Error(`a client name is lower-case letters, digits and -, not ${definition.name}`);
  if (BUILT_IN_CLIENTS.some((c) => c.name === definition.name)) throw new Error(`a client named ${definition.name} exists already`);
  (REAL_CLIENTS as RealClientDefinition[]).push(definition);
  (BUILT_IN_CLIENTS as Pick<ClientAdapter, 'name' | 'description'>[]).push(definition);
}

/** A built-in client's name, optionally with a version: `opencode`, `opencode@1.18.33`. */
export const NAMED_CLIENT = /^([a-z][a-z0-9-]*)(?:@([0-9A-Za-z.+-]+))?$/;

/**
 * A built-in client by name (`opencode`, `opencode@1.1.11`, ...); anything else is a command line under the
 * official suite's contract. `clientPath` runs a real client's binary the user already has instead of installing.
 */
export function resolveClient(spec: string | undefined, clientPath?: string, drive?: Drive): ClientAdapter {
  const trimmed = spec?.trim() ?? '';
  if (trimmed === '' || trimmed === referenceClient.name) {
    if (drive) throw new ClientSpecError(`--drive ${drive}: the reference client is a library client with no model; leave --drive out`);
    if (clientPath) {
      const names = REAL_CLIENTS.map((c) => c.name);
      throw new ClientSpecError(`--client-path needs a real client: --client ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
    }
    return referenceClient;
  }
  const match = NAMED_CLIENT.exec(trimmed);
  const definition = match ? REAL_CLIENTS.find((c) => c.name === match[1]) : undefined;
  if (match && definition) return realClient(definition, match[2], clientPath, drive);
  if (clientPath) throw new ClientSpecError(`--client-path needs a built-in real client name, not "${trimmed}"`);
  return commandClient(
    trimmed,
    drive,
    BUILT_IN_CLIENTS.map((c) => c.name),
  );
}
