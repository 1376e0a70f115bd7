// CONTRIBUTING.md's four recipes, each followed once: a check, a scenario, a client adapter and a report format,
// defined here as the recipes say and registered through the extension points they name (registerRequirement,
// registerCheck, registerRealClient, registerReportWriter stand for the one line each recipe adds to a list),
// then run end to end: the runner starts the scenario's servers on loopback, drives a real client process through
// them, judges the trace with the new check, and the new writer writes its file from the run's results.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import { command, type RealClientDefinition } from '../../harness/clients/real-client.js';
import { commandClient } from '../../harness/clients/command.js';
import { registerRealClient, resolveClient } from '../../harness/clients/index.js';
import { scenarioRunner } from '../../harness/run/isolation.js';
import { finishRunOutputs, mergeCommand, prepareOutputs } from '../../harness/outputs/run-outputs.js';
import { packageVersion } from '../../harness/paths.js';
import { registerReportWriter, writerOptions } from '../../harness/outputs/writers.js';
import { runScenarios } from '../../harness/run/run-scenarios.js';
import type { RunResults, ScenarioResult } from '../../reports/results.js';
import { scenarioFolder } from '../../reports/results-document.js';
import { textFlag, type ReportWriter } from '../../reports/writer.js';
import { ALL_METHODS, FLOW_CHECKS } from '../../scenarios/catalogue/common.js';
import { scenarioById } from '../../scenarios/catalogue/index.js';
import { fail, levelRising, pass, skip } from '../../scenarios/checks/define.js';
import { registerCheck } from '../../scenarios/checks/index.js';
import { judge } from '../../scenarios/judge.js';
import { registerRequirement } from '../../scenarios/requirements.js';
import type { Check, ResolvedTopology, Scenario, Trace } from '../../scenarios/types.js';
import { removeDir, SCRIPTED_CLIENT, scriptedClient } from '../helpers.js';

// ---- Recipe "a check": its requirement, the check (pure, a level per revision), registered. ----

registerRequirement({
  id: 'RECIPE-1',
  level: 'MUST',
  since: '2025-06-18',
  summary: 'Bind every authorization request to the session with a state value that cannot be guessed (here: at least 16 characters).',
  source: 'OAuth 2.1 §7.12 (the recipe test of CONTRIBUTING.md)',
  url: 'https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1#section-7.12',
});

const stateLength: Check = {
  id: 'recipe-state-length',
  title: 'Every authorization request carries a state of at least 16 characters',
  requirements: ['RECIPE-1'],
  level: levelRising('SHOULD', 'MUST', '2025-11-25'),
  run(ctx) {
    const endpoints = new Set(ctx.topology.authorizationServers.map((as) => as.endpoints.authorization));
    const requests = ctx.trace.exchanges.filter((ex) => ex.method === 'GET' && endpoints.has(ex.url.split('?')[0]!));
    if (requests.length === 0) return skip('no authorization request was made');
    for (const ex of requests) {
      const state = new URL(ex.url).searchParams.get('state');
      if (!state || state.length < 16)
        return fail(`expected a state of at least 16 characters; GET ${ex.url} carried ${state ? `one of ${state.length}` : 'none'}`, [ex.seq]);
    }
    return pass(
      `${requests.length} authorization request(s), each with a state of 16 characters or more`,
      requests.map((ex) => ex.seq),
    );
  },
};
const stateLengthId = registerCheck(stateLength);

// ---- Recipe "a scenario": a topology as data, its suite, its revisions and its checks. ----

const recipeScenario: Scenario = {
  id: 'recipe-root-issuer',
  suite: 'core',
  description: 'MCP server at /recipe/mcp, authorization server with an origin-only issuer on another origin (the recipe test)',
  specVersions: ['2025-06-18', '2025-11-25', '2026-07-28'],
  topology: {
    resourceServers: [
      { id: 'mcp', mcpPath: '/recipe/mcp', challenge: { resourceMetadata: true }, prm: { servedAt: ['path-inserted'], authorizationServers: ['as'] } },
    ],
    authorizationServers: [
      {
        id: 'as',
        issuerPath: '',
        discovery: ['oauth-path-inserted'],
        endpoints: { authorization: '/oauth/authorize', token: '/oauth/token', registration: '/oauth/register' },
        tokenEndpointAuthMethods: [...ALL_METHODS],
      },
    ],
  },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS, stateLengthId],
};

// ---- Recipe "a client adapter": a RealClientDefinition, registered. ----

const scriptedAdapter: RealClientDefinition = {
  name: 'recipe-scripted',
  description: 'the scripted test client as a real client (the recipe test); never installed: --client-path names it',
  npmPackage: 'mcp-oauth-conformance-recipe-scripted-client',
  binary: (dir) => join(dir, 'scripted-client.js'),
  skipReason: (scenario) => (scenario.context?.client_id ? 'the adapter has no way to hand the client pre-registered credentials' : undefined),
  plan: ({ mcpUrl, env, workspace }, binary) => ({ ...command(binary, ['--auth-method', 'auto', mcpUrl]), env, cwd: workspace.cwd }),
};
registerRealClient(scriptedAdapter);

// ---- Recipe "a report format": a ReportWriter, registered. ----

/** One CSV line per judged check: scenario folder, check, level, status. */
const csvWriter: ReportWriter = {
  name: 'csv',
  description: 'one CSV line per scenario and check (the recipe test)',
  commands: ['run', 'merge'],
  options: [{ flags: '--csv <file>', help: { run: 'write one CSV line per scenario and check', merge: 'write one CSV line per merged scenario and check' } }],
  async write({ flags, document }) {
    const file = textFlag(flags, 'csv');
    if (!file) return;
    const lines = document.scenarios.flatMap((s) => s.checks.map((c) => [scenarioFolder(s), c.id, c.level, c.status].join(',')));
    await writeFile(file, `scenario,check,level,status\n${lines.join('\n')}\n`);
  },
};
registerReportWriter(csvWriter);

const work = await mkdtemp(join(tmpdir(), 'recipes-test-'));
after(() => removeDir(work));

const verdictOf = (result: ScenarioResult | undefined, id: string) => result?.checks.find((c) => c.id === id);

describe('CONTRIBUTING.md recipes, each followed once', () => {
  it('the check is pure and its level follows the revision', () => {
    const topology: ResolvedTopology = {
      resourceServers: [{ id: 'mcp', origin: 'http://localhost:4000', mcpUrl: 'http://localhost:4000/recipe/mcp', prmUrls: [], authorizationServers: ['as'] }],
      authorizationServers: [
        {
          id: 'as',
          origin: 'http://127.0.0.1:5000',
          issuer: 'http://127.0.0.1:5000',
          metadataUrls: {},
          endpoints: { authorization: 'http://127.0.0.1:5000/oauth/authorize', token: 'http://127.0.0.1:5000/oauth/token' },
        },
      ],
    };
    const authorize = (query: string): Trace => ({
      exchanges: [
        {
          seq: 1,
          at: 0,
          server: 'as',
          role: 'authorization-server',
          from: 'user-agent',
          method: 'GET',
          url: `http://127.0.0.1:5000/oauth/authorize?${query}`,
          requestHeaders: {},
          requestBody: '',
          status: 302,
          responseHeaders: {},
          responseBody: '',
        },
      ],
    });
    const scenario: Scenario = { ...recipeScenario, checks: [stateLengthId] };
    const verdict = (trace: Trace, specVersion: '2025-06-18' | '2026-07-28') => judge({ trace, scenario, topology, specVersion })[0]!;
    assert.equal(verdict(authorize('state=abcdefghijklmnopqrstuv'), '2026-07-28').status, 'pass');
    const short = verdict(authorize('state=abc'), '2026-07-28');
    assert.deepEqual([short.status, short.level, short.evidence, short.requirements[0].id], ['fail', 'MUST', [1], 'RECIPE-1']);
    assert.match(short.message, /carried one of 3$/);
    assert.deepEqual([verdict(authorize('state=abc'), '2025-06-18').status, verdict(authorize('state=abc'), '2025-06-18').level], ['warn', 'SHOULD']);
    assert.equal(verdict({ exchanges: [] }, '2026-07-28').status, 'skip');
  });

  it('the scenario runs on loopback with the adapter driving a real client process, the check judges it, the writer writes it', async () => {
    // The adapter, as --client recipe-scripted --client-path … would select it.
    const client = resolveClient('recipe-scripted', SCRIPTED_CLIENT);
    await client.prepare?.();
    const { runOne } = scenarioRunner(client, { mode: 'off' });
    const preregistered = scenarioById('preregistered')!;
    const startedAt = new Date();
    const scenarios = await runScenarios([recipeScenario, preregistered], { client, specVersion: 'auto', timeoutMs: 60_000, jobs: 1, runOne });
    const [ran, skipped] = scenarios;
    assert.ok(ran && skipped);
    assert.equal(ran.status, 'pass', JSON.stringify(ran.checks.filter((c) => c.status !== 'pass')) + (ran.reason ?? ''));
    assert.deepEqual(ran.client?.command.slice(0, 2), [process.execPath, SCRIPTED_CLIENT]);
    assert.ok(
      ran.trace.exchanges.some((ex) => ex.url.endsWith('/.well-known/oauth-protected-resource/recipe/mcp')),
      'the recipe topology answered',
    );
    const judged = verdictOf(ran, stateLength.id);
    assert.deepEqual([judged?.status, judged?.level, ran.specVersion], ['pass', 'MUST', '2026-07-28']);
    assert.equal(skipped.status, 'skip');
    assert.equal(skipped.reason, 'the adapter has no way to hand the client pre-registered credentials');

    // The check fails a client that sends no state (the scripted client's no-state fault).
    const [broken] = await runScenarios([recipeScenario], {
      client: commandClient(scriptedClient('no-state')),
      specVersion: 'auto',
      timeoutMs: 60_000,
      jobs: 1,
    });
    const failed = verdictOf(broken, stateLength.id);
    assert.ok(failed, JSON.stringify(broken));
    assert.equal(failed.status, 'fail', JSON.stringify(broken?.checks));
    assert.match(failed.message, /^expected a state of at least 16 characters; GET http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+ carried none$/);
    assert.equal(broken?.status, 'fail');

    // The report format: its flag is among run's output options (as cli.ts builds them), not report's.
    const cli = new Command().exitOverride();
    for (const option of writerOptions('run')) cli.addOption(option);
    assert.ok(!writerOptions('report').some((o) => o.long === '--csv'));
    const out = join(work, 'results');
    const csv = join(work, 'run.csv');
    const flags = cli.parse(['--out', out, '--csv', csv], { from: 'user' }).opts();
    const results: RunResults = {
      tool: { name: 'mcp-oauth-conformance', version: packageVersion() },
      client: { name: client.name, description: client.description },
      specVersion: 'auto',
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      partial: false,
      scenarios,
    };
    const code = await finishRunOutputs(results, await prepareOutputs('run', flags));
    assert.equal(code, 0);
    const lines = (await readFile(csv, 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'scenario,check,level,status');
    assert.ok(lines.includes('recipe-root-issuer@2026-07-28,recipe-state-length,MUST,pass'), lines.join('\n'));
    assert.equal(lines.length, 1 + ran.checks.length, 'the skipped scenario has no checks');
    const document = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      scenarios: { id: string; checks: { id: string; requirement: { id: string } }[] }[];
    };
    assert.equal(document.scenarios[0]!.checks.find((c) => c.id === stateLength.id)?.requirement.id, 'RECIPE-1');

    // The same registry line serves merge.
    const mergedCsv = join(work, 'merged.csv');
    assert.equal(await mergeCommand([out], { out: join(work, 'merged'), csv: mergedCsv }), 0);
    assert.deepEqual((await readFile(mergedCsv, 'utf8')).trim().split('\n'), lines);
  });
});
