import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadRunsIn, parseArgs, renderVerdicts, runClient, type ResultsDocument } from '../../scripts/client-verdicts.js';
import { BUILD_ROOT, removeDir, runCli, scriptedClient } from '../helpers.js';

// docs/client-verdicts.md from real results folders: the built-in reference client as "before", the founding bug
// (scripted client, --fault asm-from-mcp-url) as "after", both on two core scenarios.

// The revision forced, so the documents below read the same whatever the scripted client negotiates.
const SCENARIOS = ['--scenario', 'split-auth0', '--scenario', 'path-suffixed', '--spec-version', '2026-07-28'];
const SCRIPT = join(BUILD_ROOT, 'scripts', 'client-verdicts.js');
let work: string;
let beforeDir: string;
let afterDir: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'client-verdicts-test-'));
  const [reference, broken] = await Promise.all([runCli(SCENARIOS), runCli(['--client', scriptedClient('asm-from-mcp-url'), ...SCENARIOS])]);
  assert.equal(reference.code, 0, reference.stdout + reference.stderr);
  assert.equal(broken.code, 1, broken.stdout + broken.stderr);
  beforeDir = join(work, 'before');
  afterDir = join(work, 'after');
  cpSync(reference.outDir, join(beforeDir, 'sample'), { recursive: true });
  cpSync(broken.outDir, join(afterDir, 'sample'), { recursive: true });
  await Promise.all([removeDir(reference.outDir), removeDir(broken.outDir)]);
});
after(async () => {
  if (work) await removeDir(work);
});

describe('client verdicts', () => {
  it('lists each failed check with its level, the quoted sentence and the violating request', () => {
    const doc = renderVerdicts(loadRunsIn(afterDir));
    assert.match(doc, /^# Client verdicts\n/);
    assert.match(
      doc,
      /\| command \| `node dist\/harness\/cli\.js --client .*scripted-client\.js.* --spec-version 2026-07-28 --out .*\(reconstructed from results\.json\)` \|/,
    );
    assert.match(doc, /\| revision judged \| 2026-07-28 \|/);
    assert.match(doc, /\| protocol version sent in initialize \| 2026-07-28 \|/); // the scripted client speaks the revision asked for
    assert.match(doc, /\| scenarios \| 2: 0 pass, \d warn, 2 fail, 0 skip, 0 error \|/);
    assert.match(doc, /\| exit code \| 1 \(computed from the scenarios\) \|/);
    assert.match(doc, /#### ✘ `split-auth0` — fail \(core · judged at 2026-07-28 · client speaks 2026-07-28\)/);
    assert.match(doc, /- ✘ \*\*`asm-from-authorization-server`\*\* — fail, \*\*MUST\*\* at 2026-07-28 \(PRM-1, ASM-1\)/);
    // the violation, the evidence request from the trace, and the sentence that makes it a MUST
    assert.match(
      doc,
      /violation: expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server .*the client sent GET http:\/\/localhost:\d+\/example-server\/\.well-known\/oauth-authorization-server/,
    );
    assert.match(
      doc,
      /requests: .*#\d+ `GET http:\/\/localhost:\d+\/example-server\/\.well-known\/oauth-authorization-server` → 401 \(resource-server `gateway`\)/,
    );
    assert.match(
      doc,
      /why MUST: PRM-1 — “MCP clients MUST use OAuth 2\.0 Protected Resource Metadata for authorization server discovery\.” \(\[MCP 2026-07-28 Authorization › Overview\]\(https:\/\/modelcontextprotocol\.io\/specification\/2026-07-28\/basic\/authorization#overview\)\)/,
    );
    // every cited requirement's texts are in the appendix, its anchor matching the link
    assert.match(doc, /\(\[all texts\]\(#asm-1-at-2026-07-28\)\)/);
    assert.match(doc, /\n### ASM-1 at 2026-07-28\n/);
    assert.doesNotMatch(doc, /### Before \/ after/);
  });

  it('with before results, a before/after table marks the scenarios whose verdict changed', () => {
    const doc = renderVerdicts(loadRunsIn(afterDir), loadRunsIn(beforeDir));
    assert.match(doc, /\| client \| label \| .* \| before: pass \/ warn \/ fail \|/);
    assert.match(doc, /\| `sample` \| 2026-07-28 \| 2 \| 0 \| \d \| 2 \| 0 \| 0 \| 0 \| 1 \| 2 \/ 0 \/ 0 \|/);
    assert.match(doc, /### Before \/ after\n\nBefore: `.*before\/sample` \(reference, 2: 2 pass/);
    assert.match(doc, /2 of 2 scenario\(s\) changed\./);
    assert.match(doc, /\| `split-auth0` \| ✔ pass \| ✘ fail — fail: `asm-from-authorization-server`.* \| \*\*changed\*\* \|/);
    // an unchanged run compared with itself marks nothing
    const same = renderVerdicts(loadRunsIn(beforeDir), loadRunsIn(beforeDir));
    assert.match(same, /0 of 2 scenario\(s\) changed\./);
    assert.match(same, /\| `split-auth0` \| ✔ pass \| ✔ pass \|  \|/);
  });

  it('reads results with the later fields: suite, protocolVersion, preview (own section) and advisory (interop)', () => {
    const dir = join(work, 'with-fields');
    cpSync(join(afterDir, 'sample'), join(dir, 'sample'), { recursive: true });
    const file = join(dir, 'sample', 'results.json');
    const results = JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument & { scenarios: Record<string, unknown>[] };
    const [split, path] = results.scenarios as unknown as ResultsDocument['scenarios'];
    Object.assign(split!, {
      suite: 'core',
      protocolVersion: '2025-06-18',
      specVersion: '2025-06-18',
      revisionNote: 'negotiated: the client sent 2025-06-18 in initialize',
    });
    Object.assign(path!, { suite: 'interop', protocolVersion: '2025-06-18', preview: true });
    for (const failed of path!.checks.filter((c) => c.status === 'fail')) {
      Object.assign(failed, { status: 'warn', advisory: 'interop suite: a server quirk beyond the specification, reported as a warning' });
    }
    path!.status = 'warn';
    writeFileSync(file, JSON.stringify(results));
    const doc = renderVerdicts(loadRunsIn(dir), loadRunsIn(beforeDir));
    assert.match(doc, /\| revision judged \| 2025-06-18 \(run: --spec-version 2026-07-28\) \|/); // the preview's revision is listed with the previews
    assert.match(doc, /\| protocol version sent in initialize \| 2025-06-18 \|/);
    assert.match(doc, /\| scenarios \| 1: 0 pass, 0 warn, 1 fail, 0 skip, 0 error; previews 1: 0 pass, 1 warn/);
    assert.match(doc, /#### ✘ `split-auth0` — fail \(core · judged at 2025-06-18 · client speaks 2025-06-18\)/);
    assert.match(
      doc,
      /MUST\*\* at 2025-06-18 \(PRM-1, ASM-1\)\n.*\n.*\n  - why MUST: PRM-1 — “MCP clients MUST use OAuth 2\.0 Protected Resource Metadata for authorization server discovery\.” \(\[MCP 2025-06-18 Authorization › Overview\]/,
    );
    assert.match(doc, /\n\nRevision: negotiated: the client sent 2025-06-18 in initialize\n\n/);
    assert.match(doc, /### Ready for 2026-07-28\? \(previews, not counted in the exit code\)/);
    assert.match(doc, /#### ! `path-suffixed` — warn \(interop · judged at 2026-07-28 · client speaks 2025-06-18 · preview\)/);
    assert.match(doc, /  - \*\*interop\*\* \(reported as a warning\): interop suite: a server quirk/);
    assert.match(doc, /\| `split-auth0` \| ✔ pass \| ✘ fail @2025-06-18 — fail: `asm-from-authorization-server`/);
    assert.match(doc, /\| `path-suffixed` \| ✔ pass \| ! warn \(preview\) — warn: /);
  });

  it('says so when a client left no results (e.g. it could not be installed)', () => {
    const dir = join(work, 'no-results');
    mkdirSync(join(dir, 'codex-newest'), { recursive: true });
    writeFileSync(
      join(dir, 'codex-newest', 'run.json'),
      JSON.stringify({ client: 'codex', command: 'node dist/harness/cli.js --client codex', startedAt: '2026-01-01T00:00:00Z', wallSeconds: 3, exitCode: 2 }),
    );
    cpSync(join(afterDir, 'sample'), join(dir, 'sample'), { recursive: true });
    const runs = loadRunsIn(dir);
    assert.deepEqual(
      runs.map((r) => r.label),
      ['codex-newest', 'sample'],
    );
    const doc = renderVerdicts(runs);
    assert.match(doc, /\| codex \| `codex-newest` \| — \| no results \(no results\.json\) \| \| \| \| \| \| \| 2 \|/);
    assert.match(doc, /\| results \| none \(no results\.json; exit code 2\): see `.*codex-newest\.log` \|/);
  });

  it('--run runs a client into its folder with --jobs 1 and records the command, wall time and exit code', async () => {
    const dir = join(work, 'run');
    const record = await runClient('reference-core', 'reference', dir, { timeoutMs: 60_000, nice: 0, scenarios: ['split-auth0'] });
    assert.equal(record.exitCode, 0);
    // Repository-relative: the command and its --out name no folder of the machine that ran it.
    assert.equal(record.command, 'node dist/harness/cli.js --client reference --jobs 1 --timeout 60000 --scenario split-auth0 --out run/reference-core');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'reference-core', 'run.json'), 'utf8')), record);
    assert.match(readFileSync(join(dir, 'reference-core.log'), 'utf8'), /split-auth0/);
    const doc = renderVerdicts(loadRunsIn(dir));
    assert.match(doc, /\| command \| `node dist\/harness\/cli\.js --client reference --jobs 1 .* --out run\/reference-core` \|/);
    assert.match(doc, /\| results \| `run\/reference-core`, started /);
    assert.ok(!doc.includes(work), 'no absolute path of this machine in the document');
    assert.match(doc, /\| wall time \| \d+ s \(started /);
    assert.match(doc, /\| exit code \| 0 \|/);
  });

  it('runs as a script: writes the file; refuses unknown options with exit code 2', () => {
    const out = join(work, 'docs', 'client-verdicts.md');
    const ok = spawnSync(process.execPath, [SCRIPT, '--results', afterDir, '--before', beforeDir, '--out', out], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /wrote .*client-verdicts\.md \(1 client\(s\), before\/after against /);
    assert.match(readFileSync(out, 'utf8'), /### Before \/ after/);
    const bad = spawnSync(process.execPath, [SCRIPT, '--frobnicate'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option --frobnicate/);
    assert.throws(() => parseArgs(['--run', afterDir]), /--run writes into --results DIR/);
  });
});

describe('client verdicts: a running session', () => {
  it('tells what the client did from its first authorized request: the 403, the re-authorization with the scope, the retried call', async () => {
    const reference = await runCli(['--scenario', 'step-up', '--spec-version', '2026-07-28']);
    const dir = await mkdtemp(join(tmpdir(), 'client-verdicts-session-'));
    cpSync(reference.outDir, join(dir, 'reference'), { recursive: true });
    await removeDir(reference.outDir);
    const doc = renderVerdicts(loadRunsIn(dir));
    await removeDir(dir);
    assert.match(doc, /### In a running session/);
    assert.match(
      doc,
      /\| `step-up` \| ✔ pass[^|]* \| tools\/call mcp→403 → authorize as \(scope mcp:read mcp:write\) → token code as→200 → tools\/call mcp→200 \|/,
    );
  });
});
