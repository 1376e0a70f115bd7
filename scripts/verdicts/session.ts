import { scenarioById } from '../../scenarios/catalogue/index.js';
import { refusesAfterFirstToken } from '../../scenarios/settled.js';
import { rpcMethods } from '../../scenarios/trace.js';
import { cell, code, verdictCell } from './markdown.js';
import type { LoadedRun, TraceExchange } from './runs.js';

// "In a running session": what a client did from its first authorized MCP request on, for the scenarios whose
// verdict rests on it.

/**
 * Whether a scenario's verdict rests on what the client does in a running session, after its first token: the server
 * refuses a token later on (step-up, expiry, migration, a server that never accepts), or there are several MCP servers.
 */
function midSession(id: string): boolean {
  const scenario = scenarioById(id);
  return scenario !== undefined && (refusesAfterFirstToken(scenario) || scenario.topology.resourceServers.length > 1);
}

/** One step of a session as the story tells it, or undefined for requests it leaves out (discovery, other MCP methods). */
function storyStep(ex: TraceExchange): string | undefined {
  const url = new URL(ex.url);
  if (ex.role === 'resource-server') {
    // Tool calls whatever their answer, and any other MCP request a token was refused for.
    const method = rpcMethods(ex)[0];
    return method === 'tools/call' || (method && (ex.status === 401 || ex.status === 403)) ? `${method} ${ex.server}→${ex.status}` : undefined;
  }
  if (ex.role !== 'authorization-server') return undefined;
  if (ex.method === 'GET' && url.searchParams.get('response_type') === 'code') {
    const scope = url.searchParams.get('scope');
    return `authorize ${ex.server}${scope ? ` (scope ${scope})` : ''}`;
  }
  if (ex.method !== 'POST') return undefined;
  const form = new URLSearchParams(ex.requestBody ?? '');
  const grant = form.get('grant_type');
  if (grant) return `token ${grant === 'refresh_token' ? 'refresh' : grant === 'authorization_code' ? 'code' : grant} ${ex.server}→${ex.status}`;
  if (/regist/i.test(url.pathname)) return `register ${ex.server}→${ex.status}`;
  return undefined;
}

/**
 * What the client did with its first token and after: tool calls with their statuses, MCP requests refused 401/403,
 * authorizations with the scope asked, token and registration requests; repeats folded (`×n`), at most 12 steps.
 */
export function sessionStory(exchanges: readonly TraceExchange[]): string {
  const first = exchanges.findIndex((ex) => ex.role === 'resource-server' && ex.from === 'client' && /^bearer /i.test(ex.requestHeaders?.authorization ?? ''));
  if (first < 0) return 'no authorized MCP request';
  const steps: { text: string; times: number }[] = [];
  for (const ex of exchanges.slice(first)) {
    const text = storyStep(ex);
    if (!text) continue;
    const last = steps.at(-1);
    if (last?.text === text) last.times += 1;
    else steps.push({ text, times: 1 });
  }
  if (steps.length === 0) return 'authorized MCP requests, every one answered; no tool call';
  const shown = steps.slice(0, 12).map((s) => (s.times > 1 ? `${s.text} ×${s.times}` : s.text));
  return `${shown.join(' → ')}${steps.length > 12 ? ` → … (${steps.length - 12} more)` : ''}`;
}

export function midSessionLines(run: LoadedRun): string[] {
  const scenarios = (run.results?.scenarios ?? []).filter((s) => midSession(s.id));
  if (scenarios.length === 0) return [];
  const drive = run.results?.client.drive;
  const lines = [
    `### In a running session${drive ? ` (--drive ${drive})` : ''}`,
    '',
    'From the first authorized MCP request on: tool calls with the MCP server and status, MCP requests refused 401/403,',
    'authorizations with the scope asked, token and registration requests (the trace has every request).',
    '',
    '| scenario | verdict | what the client did |',
    '| --- | --- | --- |',
  ];
  for (const s of scenarios) lines.push(`| ${code(s.id)} | ${verdictCell(s, undefined)} | ${cell(sessionStory(run.trace(s)))} |`);
  lines.push('');
  return lines;
}
