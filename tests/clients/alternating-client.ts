// A client that fails every other run, as a client racing itself would: it counts its runs in STATE_FILE and runs
// the scripted client with the no-resource fault (resource-parameter fails, a MUST) on odd runs, faultless on even
// (with --then-stall DIR: the stalling client instead, so a run can be interrupted during a retry).
//   node alternating-client.js STATE_FILE [--then-stall DIR] <mcp-server-url>
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const stallDir = args[1] === '--then-stall' ? args.splice(1, 2)[1] : undefined;
const [stateFile, mcpUrl] = args;
if (!stateFile || !mcpUrl) throw new Error('usage: alternating-client.js STATE_FILE [--then-stall DIR] MCP_URL');
const run = (existsSync(stateFile) ? Number(readFileSync(stateFile, 'utf8')) : 0) + 1;
writeFileSync(stateFile, String(run));
const here = dirname(fileURLToPath(import.meta.url));
const command =
  run % 2 === 1
    ? [join(here, 'scripted-client.js'), '--fault', 'no-resource', mcpUrl]
    : stallDir
      ? [join(here, 'stalling-client.js'), stallDir, mcpUrl]
      : [join(here, 'scripted-client.js'), mcpUrl];
const child = spawnSync(process.execPath, command, { stdio: 'inherit', env: process.env });
process.exit(child.status ?? 1);
