import { commandClient } from './command.js';
import { referenceClient } from './reference.js';
import type { ClientAdapter } from './types.js';

/** Built-in clients, selected by name with --client. */
export const BUILT_IN_CLIENTS: readonly ClientAdapter[] = [referenceClient];

/** A built-in client by name; anything else is a command line under the official suite's contract. */
export function resolveClient(spec: string | undefined): ClientAdapter {
  if (spec === undefined || spec.trim() === '') return referenceClient;
  const builtIn = BUILT_IN_CLIENTS.find((c) => c.name === spec.trim());
  return builtIn ?? commandClient(spec);
}
