import { homedir } from 'node:os';
import { join } from 'node:path';

/** The harness's cache folder: `$MCP_OAUTH_CONFORMANCE_CACHE`, else `$XDG_CACHE_HOME/mcp-oauth-conformance`, else `~/.cache/...`. */
export function harnessCacheRoot(): string {
  return process.env.MCP_OAUTH_CONFORMANCE_CACHE ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mcp-oauth-conformance');
}
