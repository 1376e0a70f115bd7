// What the scripted model answers, whatever wire format the agent speaks: every wire format reduces its request
// to a Conversation, and writes the Turn this script chooses in its own shape.

/** A tool call the model made earlier in the conversation, and whether the agent has sent its result back. */
export interface PastCall {
  name: string;
  answered: boolean;
  /** The result text the agent returned, when it did. */
  result?: string;
}

/** One model request, reduced to what the script decides on. */
export interface Conversation {
  /** Names of the tools the request offers the model. */
  tools: string[];
  /** Tool calls already in the conversation, oldest first. */
  calls: PastCall[];
}

export interface ToolCall {
  /** Stable per tool name, so a retried request gets the same id. */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type Turn = { kind: 'tool-calls'; calls: ToolCall[] } | { kind: 'text'; text: string };

/** The one model the server offers; agents are configured to ask for it. */
export const MODEL_NAME = 'conformance-model';

/** The text every scripted tool call sends; the MCP server's `echo` tool answers it back. */
export const ECHO_TEXT = 'conformance';

/**
 * An agent names an MCP server's tool after the server and the tool (`mcp__conformance__echo`, `conformance_echo`,
 * `echo`): the script calls every offered tool whose name ends in `echo` after a separator.
 */
export function isEchoTool(name: string): boolean {
  return /(^|[^a-z0-9])echo$/i.test(name);
}

/**
 * The script: first turn, call every offered MCP `echo` tool (each MCP server of the scenario has one; where a
 * scenario needs a higher scope for tools/call, this is the call that needs it); once every such call has its
 * result back, a final text answer. Requests that offer no MCP tool (a title, a summary, a check an agent makes on
 * the side) get a short text answer. The model never retries a call: what the agent does with a 401 or 403 on
 * the way (refresh, step-up, give up) is the client's behaviour under test.
 */
export function nextTurn(conversation: Conversation): Turn {
  const targets = conversation.tools.filter(isEchoTool);
  if (targets.length === 0) return { kind: 'text', text: 'Done.' };
  const called = new Set(conversation.calls.map((c) => c.name));
  const remaining = targets.filter((name) => !called.has(name));
  if (remaining.length > 0) {
    return { kind: 'tool-calls', calls: remaining.map((name) => ({ id: callId(name), name, arguments: { text: ECHO_TEXT } })) };
  }
  if (conversation.calls.some((c) => !c.answered)) return { kind: 'text', text: 'Waiting for the tool results.' };
  const results = conversation.calls.map((c) => `${c.name}: ${c.result ?? '(no result)'}`).join('\n');
  return { kind: 'text', text: `Done. The tools answered:\n${results}` };
}

/** A call id of the characters every wire format accepts (Anthropic: [a-zA-Z0-9_-]). */
export function callId(name: string): string {
  return `call_${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}
