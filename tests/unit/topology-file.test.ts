// Topology files: the shipped schema accepts every catalogue scenario (it mirrors scenarios/types.ts), checks are
// derived as the catalogue chooses them, and every problem names its line and field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS, scenarioById } from '../../scenarios/catalogue/index.js';
import { derivedChecks, parseTopologyText } from '../../scenarios/topology-file.js';
import { parseTopologyFile, TopologyFileError, topologyValidator } from '../../harness/topology-file.js';
import { reproduceCommands } from '../../reports/reproduce.js';

const SPLIT = `id: mine
description: an Auth0 tenant behind a gateway
topology:
  resourceServers:
    - id: gateway
      mcpPath: /example-server
      gateway: true
      challenge: { resourceMetadata: true }
      prm:
        servedAt: [path-inserted]
        authorizationServers: [auth0]
  authorizationServers:
    - id: auth0
      issuerPath: /
      discovery: [oauth-path-inserted, oidc-path-inserted]
      endpoints: { authorization: /authorize, token: /oauth/token, registration: /oidc/register }
      tokenEndpointAuthMethods: [none, client_secret_basic, client_secret_post]
`;

function problems(text: string, file = 'mine.yaml'): string[] {
  try {
    parseTopologyFile(file, text);
  } catch (error) {
    assert.ok(error instanceof TopologyFileError, String(error));
    return error.problems.map((p) => `${p.line} ${p.field}: ${p.message}`);
  }
  assert.fail('the file was accepted');
}

describe('topology files', () => {
  it('carry rightStopAfter over, and name the line of a point there is none of', () => {
    const [parsed] = parseTopologyFile('mine.yaml', `${SPLIT}rightStopAfter: authorization-server-metadata\n`);
    assert.equal(parsed?.rightStopAfter, 'authorization-server-metadata');
    const wrong = problems(`${SPLIT}rightStopAfter: token-endpoint\n`);
    assert.equal(wrong.length, 1, wrong.join('\n'));
    assert.equal(wrong[0], '18 rightStopAfter: must be one of "authorization-server-metadata", not "token-endpoint"');
  });

  it('the schema accepts every catalogue scenario as written', () => {
    const validate = topologyValidator();
    for (const scenario of SCENARIOS) {
      assert.ok(validate(JSON.parse(JSON.stringify(scenario))), `${scenario.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  it('derives the checks the catalogue lists for its flow scenarios', () => {
    const derivable = [
      'split-auth0',
      'path-suffixed',
      'www-authenticate-only',
      'okta-path-issuer',
      'several-authorization-servers',
      'google-oidc-root',
      'keycloak-realm',
      'entra-v2-tenant',
      'okta-org-vs-custom',
      'auth0-oidc-only',
      'well-known-html',
      'well-known-redirect',
      'colocated-authorization-server',
      'legacy-2025-03-26',
      'legacy-default-endpoints',
      'token-type-lowercase',
      'token-response-extra-members',
      'issuer-path-trailing-slash',
    ];
    for (const id of derivable) {
      const scenario = scenarioById(id)!;
      assert.deepEqual(derivedChecks(scenario), scenario.checks, id);
    }
  });

  it('reads a scenario with defaults: suite core, every revision, derived checks', () => {
    const [scenario, ...more] = parseTopologyFile('mine.yaml', SPLIT);
    assert.equal(more.length, 0);
    assert.equal(scenario!.suite, 'core');
    assert.deepEqual(scenario!.specVersions, ['2025-06-18', '2025-11-25', '2026-07-28']);
    assert.deepEqual(scenario!.checks, scenarioById('split-auth0')!.checks);
    assert.deepEqual(scenario!.topology, scenarioById('split-auth0')!.topology);
  });

  it('reads JSON and the scenarios: [...] form; pre-registered credentials reach the client', () => {
    const json = JSON.stringify(
      {
        scenarios: [
          { ...parseTopologyFile('a.yaml', SPLIT)[0], id: 'one', checks: undefined },
          { ...parseTopologyFile('a.yaml', SPLIT)[0], id: 'two', checks: ['authorized-request'] },
        ],
      },
      null,
      2,
    );
    const scenarios = parseTopologyFile('mine.json', json);
    assert.deepEqual(
      scenarios.map((s) => s.id),
      ['one', 'two'],
    );
    assert.deepEqual(scenarios[1]!.checks, ['authorized-request']);
    const pre = SPLIT.replace(
      '      tokenEndpointAuthMethods: [none, client_secret_basic, client_secret_post]',
      '      tokenEndpointAuthMethods: [client_secret_basic]\n      preRegisteredClients: [{ clientId: c1, clientSecret: s1, method: client_secret_basic }]',
    );
    const [withClient] = parseTopologyFile('pre.yaml', pre);
    assert.deepEqual(withClient!.context, { client_id: 'c1', client_secret: 's1', token_endpoint_auth_method: 'client_secret_basic' });
    assert.ok(withClient!.checks.includes('registration-preregistered'));
  });

  it('names the line and field of a value of the wrong type', () => {
    assert.deepEqual(problems(SPLIT.replace('gateway: true', 'gateway: "yes"')), [
      '7 topology.resourceServers[0].gateway: must be a boolean, not string "yes"',
    ]);
    assert.deepEqual(problems(SPLIT.replace('servedAt: [path-inserted]', 'servedAt: [path-insrted]')), [
      `10 topology.resourceServers[0].prm.servedAt[0]: must be 'path-inserted', 'root', or { custom: /PATH }, not "path-insrted"`,
    ]);
    assert.deepEqual(problems(SPLIT.replace('[oauth-path-inserted, oidc-path-inserted]', '[oauth-path-inserted, oidc]')), [
      '15 topology.authorizationServers[0].discovery[1]: must be one of "oauth-path-inserted", "oidc-path-inserted", "oidc-appended", "oauth-root", not "oidc"',
    ]);
  });

  it('names the line of an unknown field, with the closest known one', () => {
    const [problem, ...more] = problems(SPLIT.replace('      gateway: true', '      gatway: true'));
    assert.equal(more.length, 0);
    assert.match(problem!, /^7 topology\.resourceServers\[0\]\.gatway: unknown field \(did you mean 'gateway'\?\); allowed here: id, host, mcpPath/);
    assert.match(
      problems(SPLIT.replace('prm:\n', 'prm:\n        servedat: [root]\n'))[0]!,
      /^10 topology\.resourceServers\[0\]\.prm\.servedat: unknown field \(did you mean 'servedAt'\?\)/,
    );
    assert.deepEqual(problems(`${SPLIT}colour: blue\n`), [
      '18 colour: unknown field; allowed here: id, suite, description, specVersions, topology, checks, context, userAgent, atMostShould, rightStopAfter',
    ]);
  });

  it('names the line of bad YAML and of bad JSON', () => {
    assert.match(
      problems(SPLIT.replace('challenge: { resourceMetadata: true }', 'challenge: { resourceMetadata: true'))[0]!,
      /^9 \(the file\): not valid YAML or JSON: /,
    );
    assert.match(problems('{\n  "id": "x",\n  "description": "y",\n  oops\n}', 'bad.json')[0]!, /^[45] \(the file\): not valid JSON: /);
    assert.match(
      problems(SPLIT.replace('  authorizationServers:\n    - id: auth0', '  authorizationServers:\n    - id: auth0\n      id: again'))[0]!,
      /^14 \(the file\): not valid YAML or JSON: Map keys must be unique/,
    );
  });

  it('names missing fields, dangling references, unknown checks and clashing ids', () => {
    assert.deepEqual(problems(SPLIT.replace('      issuerPath: /\n', '')), ['13 topology.authorizationServers[0].issuerPath: required field missing']);
    assert.deepEqual(problems(SPLIT.replace('authorizationServers: [auth0]', 'authorizationServers: [auth1]')), [
      "11 topology.resourceServers[0].prm.authorizationServers[0]: 'auth1' is not the id of an authorization server of this topology (auth0)",
    ]);
    assert.deepEqual(problems(`${SPLIT}checks: [authorized-request, pkce-s265]\n`), [
      "18 checks[1]: unknown check 'pkce-s265' (did you mean 'pkce-s256'?); 'mcp-oauth-conformance list --requirements' lists the checks",
    ]);
    assert.deepEqual(problems(SPLIT.replace('id: mine', 'id: split-auth0')), ["1 id: 'split-auth0' is a catalogue scenario's id; give yours another"]);
    assert.deepEqual(problems(SPLIT.replace('    - id: auth0', '    - id: gateway').replace('[auth0]', '[gateway]')), [
      "13 topology.authorizationServers[0].id: server id 'gateway' is used twice (topology.resourceServers[0].id and topology.authorizationServers[0].id); ids name the servers in traces",
    ]);
  });

  it('is pure: the same text gives the same scenarios without touching the disk', () => {
    const a = parseTopologyText(SPLIT, topologyValidator());
    const b = parseTopologyText(SPLIT, topologyValidator());
    assert.deepEqual(a, b);
  });

  it("the report's reproduction commands name the topology file", () => {
    const commands = reproduceCommands('opencode@1.1.11', { id: 'mine', specVersion: '2025-11-25', topologyFile: 'my topologies/acme.yaml' });
    assert.equal(
      commands.run,
      "npx mcp-oauth-conformance --client opencode@1.1.11 --topology 'my topologies/acme.yaml' --scenario mine --spec-version 2025-11-25",
    );
    assert.equal(commands.serve, "npx mcp-oauth-conformance serve --topology 'my topologies/acme.yaml' --scenario mine --spec-version 2025-11-25");
    assert.doesNotMatch(reproduceCommands('reference', { id: 'split-auth0', specVersion: '2025-11-25' }).run, /--topology/);
  });
});
