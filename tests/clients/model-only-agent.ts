// A broken agent for the agent-mode driver-failure test: asks the scripted model for a turn offering an MCP echo
// tool (MCP_CONFORMANCE_MODEL_URL, set by the harness with --drive agent), is told to call it, and exits without
// calling it or coming back, as an agent stuck on a permission prompt would look from outside.
const origin = process.env.MCP_CONFORMANCE_MODEL_URL;
if (!origin) throw new Error('MCP_CONFORMANCE_MODEL_URL is not set: run with --drive agent');
const response = await fetch(`${origin}/v1/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    model: process.env.MCP_CONFORMANCE_MODEL,
    messages: [{ role: 'user', content: 'call the echo tool' }],
    tools: [{ type: 'function', function: { name: 'conformance_echo', parameters: { type: 'object' } } }],
  }),
});
console.log(response.status, await response.text());
