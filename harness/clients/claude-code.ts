import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from 'shell-quote';
import type { LaunchPlan } from '../run/client-process.js';
import { AUTO_DRIVE, command, interactiveEnv, loginThenConnect, namedMcpServers, packageBin, type RealClientDefinition } from './real-client.js';
import type { LaunchContext } from './types.js';

const SERVER_NAME = 'conformance';

/** Claude Code names an MCP tool `mcp__SERVER__TOOL`. */
const echoTool = (server: string) => `mcp__${server}__echo`;

/** Switches off what Claude Code would send anywhere but the MCP and model servers: telemetry, update checks. */
function quietEnv(env: NodeJS.ProcessEnv, configDir: string): NodeJS.ProcessEnv {
  return {
    ...interactiveEnv(env),
    CLAUDE_CONFIG_DIR: configDir,
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
  };
}

/**
 * Agent mode: `claude mcp login` for every server (the prompt command cannot run an OAuth flow: it only reports
 * that a server needs authentication), then `claude -p` against the scripted model with only the servers' echo
 * tools allowed, so no permission prompt stands between the model's tool call and tools/call (bypassPermissions
 * would allow them too, but Claude Code refuses it as root outside a sandbox). Every model Claude Code picks for a
 * task (the main one, the small fast one) is ours; with -p it uses the dummy API key without asking to approve it.
 */
function agentPlan(ctx: LaunchContext, binary: string, configDir: string, model: { origin: string; name: string }): LaunchPlan {
  const servers = namedMcpServers(ctx, SERVER_NAME);
  const debugLog = join(configDir, 'debug.log');
  const prompt = `Call the echo tool of every MCP server you have (${servers.map((s) => echoTool(s.name)).join(', ')}) once, then say what they answered.`;
  const agent = command(binary, [
    '-p',
    prompt,
    '--model',
    model.name,
    '--allowedTools',
    servers.map((s) => echoTool(s.name)).join(','),
    // No built-in tools: the model only ever calls MCP tools, and the requests stay small.
    '--tools',
    '',
    '--no-session-persistence',
    '--debug-file',
    debugLog,
  ]);
  const logins = servers.map((s) => command(binary, ['mcp', 'login', s.name]));
  // `mcp login` refuses to run without a terminal: the whole chain runs under a pseudo-terminal.
  const line = [...logins, agent].map((c) => quote([c.command, ...c.args])).join(' && ');
  // The agent says nothing of its MCP connections on its output; its debug log does (a step-up it defers to the
  // next login, a refresh): its MCP lines go to stderr, so a reader of the trace sees why the agent did what it did.
  const script = quote(['script', '-qefc', line, '/dev/null']);
  const mcpLines = quote(['grep', '-s', '-F', 'MCP server "', debugLog]);
  return {
    command: 'sh',
    args: ['-c', `${script}; status=$?; ${mcpLines} >&2; exit $status`],
    keepStdinOpen: true,
    cwd: ctx.workspace.cwd,
    env: {
      ...quietEnv(ctx.env, configDir),
      DISABLE_ERROR_REPORTING: '1',
      ANTHROPIC_BASE_URL: model.origin,
      ANTHROPIC_API_KEY: 'conformance-dummy-key',
      ANTHROPIC_MODEL: model.name,
      ANTHROPIC_SMALL_FAST_MODEL: model.name,
      ANTHROPIC_DEFAULT_HAIKU_MODEL: model.name,
      ANTHROPIC_DEFAULT_SONNET_MODEL: model.name,
      ANTHROPIC_DEFAULT_OPUS_MODEL: model.name,
    },
  };
}

/**
 * Claude Code (`@anthropic-ai/claude-code`): the servers go into `$CLAUDE_CONFIG_DIR/.claude.json` and
 * `claude mcp login NAME` runs the OAuth flow without an Anthropic login; it refuses to run without a
 * terminal, so it runs under a pseudo-terminal (`script`), and opens $BROWSER. Then, in agent mode, `claude -p`
 * makes the MCP tool call the scripted model asks for; in login mode, `claude mcp get NAME` makes the authorized
 * MCP request the login itself never makes.
 */
export const claudeCode: RealClientDefinition = {
  name: 'claude-code',
  description: 'Claude Code (npm @anthropic-ai/claude-code)',
  npmPackage: '@anthropic-ai/claude-code',
  drives: ['auto', 'agent', 'login'],
  driveDescriptions: {
    auto: AUTO_DRIVE,
    agent:
      '`claude mcp login NAME` for each MCP server, then `claude -p PROMPT --model conformance-model --allowedTools mcp__NAME__echo` against the scripted model (ANTHROPIC_BASE_URL), all under a pseudo-terminal',
    login: '`claude mcp login NAME` then `claude mcp get NAME`, under a pseudo-terminal',
  },
  // Newer releases ship a placeholder `claude.exe` that a postinstall replaces; the platform package's binary
  // is the real one (install scripts are not run).
  binary: (dir) => {
    const native = join(
      dir,
      'node_modules',
      '@anthropic-ai',
      `claude-code-${process.platform}-${process.arch}`,
      process.platform === 'win32' ? 'claude.exe' : 'claude',
    );
    return existsSync(native) ? native : packageBin(dir, '@anthropic-ai/claude-code', 'claude');
  },
  skipReason: (scenario) =>
    scenario.context?.client_id
      ? 'Claude Code takes a pre-registered client only through `claude mcp add --client-id` with its secret in the keychain or a prompt; not driven headlessly'
      : undefined,
  plan(ctx, binary) {
    const { mcpUrl, workspace, model } = ctx;
    const configDir = join(workspace.home, '.claude');
    mkdirSync(configDir, { recursive: true });
    const servers = model ? namedMcpServers(ctx, SERVER_NAME) : [{ name: SERVER_NAME, url: mcpUrl }];
    const mcp = Object.fromEntries(servers.map((s) => [s.name, { type: 'http', url: s.url }]));
    writeFileSync(join(configDir, '.claude.json'), JSON.stringify({ mcpServers: mcp }, null, 2));
    if (model) return agentPlan(ctx, binary, configDir, model);
    // `mcp login` stores the token without using it; `mcp get` then connects with it (initialize, tools/list).
    return loginThenConnect(
      { ...command(binary, ['mcp', 'login', SERVER_NAME]), cwd: workspace.cwd, env: quietEnv(ctx.env, configDir) },
      ['mcp', 'get', SERVER_NAME],
      true,
    );
  },
};
