// A stand-in agent for agent-mode tests: it logs in with the reference client, then talks to the scripted model
// server (MCP_CONFORMANCE_MODEL_URL, OpenAI chat completions) the way a broken or a working driver would:
//   node fake-agent.js --mode MODE <mcp-server-url>
//   never-asks-model   logs in and exits (a driver that never reaches the model)
//   ignores-tool-call  asks for a turn, gets the tool call, exits without acting on it (a permission prompt)
//   wrong-format       sends the model a request of a format the server does not speak
//   comes-back         asks for a turn, then comes back to the model with a result it made up
//   slow-start         comes back, after 7 s of silence between its login and its first model turn (a large runtime starting)
// Without MCP_CONFORMANCE_MODEL_URL (a scenario `--drive auto` runs on the login) it only logs in, whatever the mode.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { mode: { type: 'string' } }, allowPositionals: true });
const mcpUrl = positionals[0];
const model = process.env.MCP_CONFORMANCE_MODEL_URL;
if (!mcpUrl) throw new Error('usage: fake-agent.js --mode MODE <mcp-url>');

const reference = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'harness', 'clients', 'programs', 'reference-client.js');
const login = spawnSync(process.execPath, [reference, mcpUrl], { stdio: 'inherit', env: process.env });
if (login.status !== 0) process.exit(login.status ?? 1);
if (!model) process.exit(0);

const tools = [{ type: 'function', function: { name: 'conformance_echo', parameters: { type: 'object' } } }];
const chat = async (messages: object[]) => {
  const response = await fetch(`${model}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: process.env.MCP_CONFORMANCE_MODEL, messages, tools }),
  });
  return (await response.json()) as { choices: { message: { tool_calls?: { id: string; function: { name: string } }[] } }[] };
};

switch (values.mode) {
  case 'never-asks-model':
    break;
  case 'ignores-tool-call':
    await chat([{ role: 'user', content: 'call the echo tool' }]);
    break;
  case 'wrong-format':
    await fetch(`${model}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"prompt":"hi"}' });
    break;
  case 'slow-start':
  case 'comes-back': {
    if (values.mode === 'slow-start') await new Promise((resolve) => setTimeout(resolve, 7000));
    const first = await chat([{ role: 'user', content: 'call the echo tool' }]);
    const call = first.choices[0]?.message.tool_calls?.[0];
    if (!call) throw new Error('the model asked for no tool call');
    await chat([
      { role: 'user', content: 'call the echo tool' },
      { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.function.name, arguments: '{}' } }] },
      { role: 'tool', tool_call_id: call.id, content: 'made up' },
    ]);
    break;
  }
  default:
    throw new Error(`unknown --mode ${String(values.mode)}`);
}
