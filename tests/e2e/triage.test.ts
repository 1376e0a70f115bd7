// Triage that explains itself, end to end with real client processes: the first line under a failed scenario is the
// cause (the first wrong request, or the client's own refusal in its own words), the client's output is quoted clean,
// a client that did nothing wrong gets no cause, and --bug-report writes an issue a maintainer can act on.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { removeDir, runCli, SCRIPTED_CLIENT } from '../helpers.js';

const scripted = (...args: string[]) => ['node', SCRIPTED_CLIENT, ...args].join(' ');

interface AccountJson {
  headline?: string;
  cause?: { kind: string; seq?: number; check?: string };
  lastStep?: { seq: number; text: string };
  then: string;
  words: { source: string; seq?: number; text: string }[];
  consequences: string[];
}
interface ScenarioJson {
  id: string;
  status: string;
  reason?: string;
  account?: AccountJson;
  checks: { id: string; status: string; evidence: number[]; violations?: number[] }[];
}

async function scenarioOf(outDir: string, id: string): Promise<ScenarioJson> {
  const results = JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as { scenarios: ScenarioJson[] };
  const found = results.scenarios.find((s) => s.id === id);
  assert.ok(found, `no ${id} in results.json`);
  return found;
}

/** The lines the terminal printed under a scenario's own line. */
function linesUnder(stdout: string, id: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^. ${id}\\s`).test(l));
  assert.ok(start >= 0, `no line for ${id} in:\n${stdout}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith('    '));
  return (end < 0 ? rest : rest.slice(0, end)).map((l) => l.trim());
}

describe('triage: why the client stopped, cause first', () => {
  it('a redirect URI that refuses the authorization response is the cause, quoted; the registration before it is not marked', async () => {
    const run = await runCli(['--client', scripted('--fault', 'refuse-callback'), '-s', 'split-auth0']);
    try {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const [first] = linesUnder(run.stdout, 'split-auth0');
      assert.match(
        first ?? '',
        /^cause: the client's redirect URI refused the authorization response: .*with 400 "Authorization Failed\. Invalid or expired state parameter - potential CSRF attack\."$/,
      );
      const scenario = await scenarioOf(run.outDir, 'split-auth0');
      assert.equal(scenario.account?.cause?.kind, 'refusal');
      assert.deepEqual(scenario.account?.consequences, ['authorized-request']);
      const authorized = scenario.checks.find((c) => c.id === 'authorized-request');
      assert.equal(authorized?.status, 'fail');
      assert.deepEqual(authorized?.violations, [], 'the last request before the refusal broke no rule');
      assert.ok(authorized?.evidence.length, 'its evidence still shows where the client stopped');
      assert.match(scenario.account?.then ?? '', /exited with code 1/);
      assert.ok(scenario.account?.words.some((w) => w.source === 'stderr' && /the authorization callback was refused/.test(w.text)));
    } finally {
      await removeDir(run.outDir);
    }
  });

  it("a client that gives up with a spinner and npm's notice on stderr is quoted by its error line, cleaned", async () => {
    const run = await runCli(['--client', scripted('--fault', 'spinner-then-die'), '-s', 'split-auth0']);
    try {
      const scenario = await scenarioOf(run.outDir, 'split-auth0');
      assert.equal(scenario.status, 'fail');
      const account = scenario.account;
      assert.deepEqual(account?.words, [{ source: 'stderr', text: 'Error: registration failed: the connection was reset' }]);
      assert.equal(account?.cause?.kind, 'stopped');
      assert.match(
        account?.headline ?? '',
        /^the client stopped after GET http:\/\/\S+\/\.well-known\/oauth-authorization-server .*: it exited with code 3; it said: "Error: registration failed: the connection was reset"$/,
      );
      const under = linesUnder(run.stdout, 'split-auth0');
      assert.match(under[0] ?? '', /^cause: the client stopped after /);
      assert.ok(!under.some((l) => l.includes('\x1b') || /npm notice|Starting OAuth flow/.test(l)), under.join('\n'));
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client that exits silently is told by where it stopped and its exit code, with no words invented', async () => {
    const run = await runCli(['--client', scripted('--fault', 'silent-exit'), '-s', 'split-auth0']);
    try {
      const account = (await scenarioOf(run.outDir, 'split-auth0')).account;
      assert.deepEqual(account?.words, []);
      assert.equal(account?.cause?.kind, 'stopped');
      assert.match(account?.headline ?? '', /: it exited with code 0$/);
      assert.match(
        account?.lastStep?.text ?? '',
        /^GET http:\/\/\S+\/\.well-known\/oauth-authorization-server to the authorization server \(answered 200\) \(#\d+\)$/,
      );
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client that did nothing wrong gets no cause: a pass has no account, a scenario it never reached has no headline', async () => {
    const run = await runCli(['--client', scripted('--fault', 'stop-after-token'), '-s', 'split-auth0', '-s', 'invalid-token-loop']);
    try {
      const loop = await scenarioOf(run.outDir, 'invalid-token-loop');
      assert.equal(loop.status, 'skip');
      assert.ok(loop.account, 'a scenario that did not pass says why it stopped');
      assert.equal(loop.account.headline, undefined);
      assert.equal(loop.account.cause, undefined);
      const clean = await runCli(['--client', scripted(), '-s', 'split-auth0']);
      try {
        const split = await scenarioOf(clean.outDir, 'split-auth0');
        assert.equal(split.status, 'pass');
        assert.equal(split.account, undefined);
        assert.doesNotMatch(clean.stdout, /cause:/);
      } finally {
        await removeDir(clean.outDir);
      }
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('the founding bug: the first deviation is the wrong metadata URL, in the terminal, JUnit and a bug report ready to file', async () => {
    const bugs = join(tmpdir(), `triage-bugs-${process.pid}`);
    const junit = join(bugs, 'junit.xml');
    const run = await runCli(['--client', scripted('--fault', 'asm-from-mcp-url'), '-s', 'split-auth0', '--bug-report', bugs, '--junit', junit]);
    try {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const scenario = await scenarioOf(run.outDir, 'split-auth0');
      assert.equal(scenario.account?.cause?.kind, 'violation');
      assert.equal(scenario.account?.cause?.check, 'asm-from-authorization-server');
      assert.match(linesUnder(run.stdout, 'split-auth0')[0] ?? '', /^cause: ✘ MUST\s+asm-from-authorization-server: expected GET /);
      assert.ok(scenario.account?.words.some((w) => /HTTP 401 trying to load well-known OAuth metadata/.test(w.text)));

      const files = (await readdir(bugs)).filter((f) => f.endsWith('.md'));
      assert.equal(files.length, 1);
      assert.match(files[0] ?? '', /^split-auth0@\d{4}-\d{2}-\d{2}\.md$/);
      const report = await readFile(join(bugs, files[0]!), 'utf8');
      const wrong = report.match(/the client sent GET (http:\/\/localhost:\d+\/\S+\/\.well-known\/oauth-authorization-server)/)?.[1];
      assert.ok(wrong, report);
      assert.match(
        report,
        /^# node .* fails a MUST: Authorization server metadata is fetched from an authorization server the resource metadata lists \(split-auth0\)$/m,
      );
      assert.match(
        report,
        /\| `asm-from-authorization-server` \(first deviation\) \| MUST \| GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server/,
      );
      assert.match(report, /> MCP clients MUST use OAuth 2\.0 Protected Resource Metadata for authorization server discovery\./);
      assert.match(report, /npx mcp-oauth-conformance --client .* --scenario split-auth0 --spec-version \S+/);
      assert.match(report, /npx mcp-oauth-conformance serve --scenario split-auth0/);
      assert.match(
        report,
        new RegExp(`\\| \\d+ \\| client → resource-server \\| GET ${wrong.replace(/[.]/g, '\\.')} \\*\\*← first deviation\\*\\* \\| 401 \\|`),
      );
      assert.doesNotMatch(report, /code=(?!\[redacted)[A-Za-z0-9_-]{8,}/, 'no secret in a report meant to be pasted');

      const xml = await readFile(junit, 'utf8');
      assert.match(xml, /<failure message="cause: asm-from-authorization-server \(MUST\): expected GET [^"]*\na consequence: expected an authorized POST/);
      assert.match(xml, /<system-out>cause: asm-from-authorization-server \(MUST\)/);
    } finally {
      await removeDir(run.outDir);
      await removeDir(bugs);
    }
  });
});
