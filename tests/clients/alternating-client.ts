// A client that fails every other run, as a client racing itself would: it counts its runs in STATE_FILE and runs
// the scripted client with the no-resource fault (resource-parameter fails, a MUST) on odd runs, faultless on even.
//   node alternating-client.js STATE_FILE <mcp-server-url>
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [stateFile, mcpUrl] = process.argv.slice(2);
if (!stateFile || !mcpUrl) throw new Error('usage: alternating-client.js STATE_FILE MCP_URL');
const run = (existsSync(stateFile) ? Number(readFileSync(stateFile, 'utf8')) : 0) + 1;
writeFileSync(stateFile, String(run));
const scripted = join(dirname(fileURLToPath(import.meta.url)), 'scripted-client.js');
const faults = run % 2 === 1 ? ['--fault', 'no-resource'] : [];
const child = spawnSync(process.execPath, [scripted, ...faults, mcpUrl], { stdio: 'inherit', env: process.env });
process.exit(child.status ?? 1);
