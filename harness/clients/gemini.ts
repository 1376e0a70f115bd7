import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchPlan } from '../run/client-process.js';
import { AUTO_DRIVE, command, interactiveEnv, namedMcpServers, packageBin, preRegistered, type RealClientDefinition } from './real-client.js';
import type { LaunchContext } from './types.js';

const SERVER_NAME = 'conformance';
/** Failures after which Gemini CLI only waits for a model it cannot reach. */
const GAVE_UP = /OAuth callback rejected|Authentication failed|Failed to (?:authenticate|discover)|fetch failed/i;
/** What agent mode asks; the scripted model calls the echo tools whatever the prompt says. */
const AGENT_PROMPT = 'Call the echo tool of every MCP server with the text "conformance", then say what it answered.';

/** Writes ~/.gemini/settings.json; returns the folder. */
function writeSettings(ctx: LaunchContext, servers: Record<string, string>, agent: boolean): string {
  const dir = join(ctx.workspace.home, '.gemini');
  mkdirSync(dir, { recursive: true });
  const client = preRegistered(ctx.scenario);
  const oauth = { enabled: true, ...(client ? { clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) } : {}) };
  // `trust` lets the tool run without a confirmation, which a non-interactive run could not give.
  const entry = (url: string) => ({ url, type: 'http', oauth, ...(agent ? { trust: true } : {}) });
  const settings = {
    mcpServers: Object.fromEntries(Object.entries(servers).map(([name, url]) => [name, entry(url)])),
    security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
    ...(agent
      ? {
          model: { name: ctx.model!.name },
          general: { disableAutoUpdate: true, disableUpdateNag: true },
          privacy: { usageStatisticsEnabled: false },
          telemetry: { enabled: false },
        }
      : {}),
  };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
  return dir;
}

/**
 * Gemini CLI (`@google/gemini-cli`) has no `mcp auth` subcommand: both drives run `gemini -p` with the servers
 * marked `oauth.enabled`, a trusted folder and a dummy API key. MCP discovery at start-up runs the OAuth flow before
 * any model call; the consent question is answered "y" on stdin; it opens the browser with `xdg-open` only when
 * DISPLAY is set.
 */
export const gemini: RealClientDefinition = {
  name: 'gemini',
  description: 'Gemini CLI (npm @google/gemini-cli)',
  npmPackage: '@google/gemini-cli',
  binary: (dir) => packageBin(dir, '@google/gemini-cli', 'gemini'),
  drives: ['auto', 'agent', 'login'],
  driveDescriptions: {
    auto: AUTO_DRIVE,
    agent:
      '`gemini -p PROMPT -m conformance-model --approval-mode yolo` against the scripted model (GOOGLE_GEMINI_BASE_URL, Gemini API), every MCP server trusted with oauth.enabled; consent "y" on stdin',
    login:
      '`gemini -p hi` with a dummy API key and oauth.enabled, consent "y" on stdin when asked; finished once the token file appears (the model call never succeeds)',
  },
  plan(ctx, binary) {
    return ctx.model ? agentPlan(ctx, binary) : loginPlan(ctx, binary);
  },
};

/** The consent question Gemini CLI asks on stdin before each OAuth flow it starts. */
const CONSENT = 'Do you want to continue\\? \\[Y/n\\]';
/** Re-authorizations (step-up, a refused token) a run answers beyond one flow per MCP server. */
const EXTRA_CONSENTS = 4;

/**
 * A "y" for the n-th consent question once it is asked, never before: after its MCP start-up, `gemini -p` reads
 * stdin as part of the prompt until it ends whenever something is waiting there, so an answer written ahead that no
 * question consumed (a flow that never reached the consent) would hold it until the timeout.
 */
function consentReplies(count: number): { after: RegExp; text: string }[] {
  return Array.from({ length: count }, (_, index) => ({ after: new RegExp(`(?:${CONSENT}[^]*?){${index + 1}}`), text: 'y\n' }));
}

/** Agent mode: the model answers, so Gemini CLI runs the flow, calls the tools, prints the final text and exits. */
function agentPlan(ctx: LaunchContext, binary: string): LaunchPlan {
  const servers = Object.fromEntries(namedMcpServers(ctx, SERVER_NAME).map((s) => [s.name, s.url]));
  writeSettings(ctx, servers, true);
  return {
    ...command(binary, ['-p', AGENT_PROMPT, '-m', ctx.model!.name, '--approval-mode', 'yolo', '--output-format', 'text']),
    cwd: ctx.workspace.cwd,
    env: {
      ...interactiveEnv(ctx.env),
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      GOOGLE_GEMINI_BASE_URL: ctx.model!.origin,
      GEMINI_API_KEY: 'conformance-dummy-key',
      GEMINI_TELEMETRY_ENABLED: 'false',
    },
    keepStdinOpen: true,
    stdinReplies: consentReplies(Object.keys(servers).length + EXTRA_CONSENTS),
  };
}

/** Login drive: the model call never succeeds and Gemini CLI never exits, so the run is finished once the token file appears (plus time for its authenticated MCP requests) or it reports a failure. */
function loginPlan(ctx: LaunchContext, binary: string): LaunchPlan {
  const dir = writeSettings(ctx, { [SERVER_NAME]: ctx.mcpUrl }, false);
  const tokens = join(dir, 'mcp-oauth-tokens.json');
  return {
    ...command(binary, ['-p', 'hi']),
    cwd: ctx.workspace.cwd,
    env: { ...interactiveEnv(ctx.env), GEMINI_CLI_TRUST_WORKSPACE: 'true', GEMINI_API_KEY: 'conformance-dummy-key' },
    keepStdinOpen: true,
    stdinReplies: consentReplies(1 + EXTRA_CONSENTS),
    finished: ({ stdout, stderr }) => existsSync(tokens) || GAVE_UP.test(stdout + stderr),
    finishGraceMs: 4000,
  };
}
