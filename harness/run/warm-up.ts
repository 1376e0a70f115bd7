import { loadSdk } from '../../mock-servers/mcp-endpoint.js';
import { clientMetadataValidator } from '../../mock-servers/registration-schema.js';

let warmed = false;

/**
 * Loads once what every run needs (the MCP SDK, the registration validator) right
 * after the first client is launched: the harness idles while the client boots, so this work neither delays
 * a scenario's set-up nor sits on a request's path.
 */
export function warmUpOnce(): void {
  if (warmed) return;
  warmed = true;
  loadSdk().catch(() => undefined); // a load error surfaces on the first MCP request
  setImmediate(() => clientMetadataValidator());
}
