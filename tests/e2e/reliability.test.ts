// The harness never damages the machine it runs on: servers on loopback only, the user's folders
// untouched, every temporary folder removed, and on timeout, Ctrl-C or SIGTERM nothing left running.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { RESULTS_SCHEMA_PATH } from '../../reports/results-folder.js';
import { isRunning, removeDir, scriptedClient } from '../helpers.js';
import { allListeningSockets, isLoopback, listeningSocketsOf, processesMentioning, startHarness, waitFor, type ListeningSocket } from '../process-probes.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function assertValidResults(document: unknown): void {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')) as object);
  assert.ok(validate(document), JSON.stringify(validate.errors));
}

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await removeDir(dir);
});

async function scratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/**
 * A sentinel user: HOME and XDG folders full of marker files, and a TMPDIR of its own so every temporary
 * folder the harness creates can be seen (and must be gone afterwards).
 */
async function sentinelUser(): Promise<{ env: NodeJS.ProcessEnv; home: string; tmp: string }> {
  const root = await scratchDir('sentinel-');
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(home, '.runtime'),
    TMPDIR: tmp,
  };
  for (const dir of [tmp, env.XDG_RUNTIME_DIR!, env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_STATE_HOME!, env.XDG_CACHE_HOME!]) {
    await mkdir(dir, { recursive: true });
  }
  for (const dir of [home, env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_STATE_HOME!, env.XDG_CACHE_HOME!, env.XDG_RUNTIME_DIR!]) {
    await writeFile(join(dir, 'sentinel.txt'), `marker in ${dir}\n`);
  }
  await mkdir(join(env.XDG_CONFIG_HOME!, 'mcp'), { recursive: true });
  await writeFile(join(env.XDG_CONFIG_HOME!, 'mcp', 'tokens.json'), '{"access_token":"the-users-own-token"}\n');
  await writeFile(join(home, '.npmrc'), 'registry=http://127.0.0.1:9/\n');
  return { env, home, tmp };
}

/** Every file and folder below `dir` with its size, modification time and content hash. */
async function snapshot(dir: string): Promise<string[]> {
  const lines: string[] = [];
  const walk = async (path: string) => {
    for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(path, entry.name);
      const info = await stat(full);
      if (entry.isDirectory()) {
        lines.push(`${full}/ ${info.mtimeMs}`);
        await walk(full);
      } else {
        lines.push(
          `${full} ${info.size} ${info.mtimeMs} ${createHash('sha256')
            .update(await readFile(full))
            .digest('hex')}`,
        );
      }
    }
  };
  await walk(dir);
  return lines;
}

/**
 * A client that never finishes: it starts a grandchild in its own process group and one that escapes
 * into a new session (as a daemonizing helper would), writes their pids and the MCP URL, and waits.
 * For split-auth0 it exits at once, so a run has a finished scenario before it is interrupted.
 */
async function hangingClient(): Promise<{ command: string; dir: string }> {
  const dir = await scratchDir('hanging-client-');
  const script = join(dir, 'hanging-client.sh');
  await writeFile(
    script,
    [
      '#!/bin/sh',
      'if [ "$MCP_CONFORMANCE_SCENARIO_ID" = split-auth0 ]; then exit 3; fi',
      'sleep 300 &',
      'child=$!',
      `setsid sh -c 'echo $$ > "$0"; exec sleep 301' "${dir}/$MCP_CONFORMANCE_SCENARIO_ID.escaped" &`,
      `echo "$$ $child $1" > "${dir}/$MCP_CONFORMANCE_SCENARIO_ID.tmp"`,
      `mv "${dir}/$MCP_CONFORMANCE_SCENARIO_ID.tmp" "${dir}/$MCP_CONFORMANCE_SCENARIO_ID.ready"`,
      'wait',
      '',
    ].join('\n'),
  );
  await chmod(script, 0o755);
  return { command: script, dir };
}

interface HangingRun {
  pids: number[];
  mcpPort: number;
}

async function readyMarker(dir: string, scenario: string): Promise<HangingRun> {
  const ready = join(dir, `${scenario}.ready`);
  const escaped = join(dir, `${scenario}.escaped`);
  await waitFor(() => existsSync(ready) && existsSync(escaped) && readFileSync(escaped, 'utf8').trim() !== '', `${scenario}'s client to start`);
  const [shell, child, mcpUrl] = readFileSync(ready, 'utf8').trim().split(' ');
  return { pids: [Number(shell), Number(child), Number(readFileSync(escaped, 'utf8').trim())], mcpPort: Number(new URL(mcpUrl!).port) };
}

function assertNoneRunning(pids: number[], what: string): void {
  for (const pid of pids) assert.equal(isRunning(pid), false, `${what}: process ${pid} survived`);
}

function assertNotListening(sockets: ListeningSocket[], what: string): void {
  const still = allListeningSockets().filter((s) => sockets.some((o) => o.inode === s.inode));
  assert.deepEqual(still, [], `${what}: sockets still listening`);
}

function assertLoopbackOnly(sockets: ListeningSocket[]): void {
  assert.ok(sockets.length > 0, 'the harness listens on nothing');
  for (const socket of sockets) assert.ok(isLoopback(socket.address), `listening on ${socket.address}:${socket.port}, which is not loopback`);
}

/** The four core scenarios: what these tests drive, whatever else the catalogue holds. */
const CORE_SCENARIOS = ['split-auth0', 'path-suffixed', 'www-authenticate-only', 'okta-path-issuer'].flatMap((id) => ['--scenario', id]);

describe('isolation and clean-up', () => {
  it('binds loopback only; SIGINT ends every client tree and server and writes valid partial results', async () => {
    const user = await sentinelUser();
    const before = await snapshot(user.home);
    const client = await hangingClient();
    const harness = await startHarness(['--client', client.command, '--jobs', '4', '--timeout', '60000', ...CORE_SCENARIOS], user.env);
    try {
      const hanging = await Promise.all(['path-suffixed', 'www-authenticate-only', 'okta-path-issuer'].map((id) => readyMarker(client.dir, id)));
      const sockets = listeningSocketsOf(harness.child.pid!);
      assertLoopbackOnly(sockets);
      // Three topologies (each an authorization server, a resource server on 127.0.0.1 and [::1]) and their user agents.
      for (const run of hanging)
        assert.ok(
          sockets.some((s) => s.port === run.mcpPort),
          `MCP port ${run.mcpPort} is not among ${JSON.stringify(sockets)}`,
        );
      assert.ok(sockets.length >= 9, JSON.stringify(sockets));

      await waitFor(() => /split-auth0\s+fail/.test(harness.output()), 'split-auth0 to finish');
      harness.child.kill('SIGINT');
      assert.equal(await harness.exited, 130, harness.output());
      assertNoneRunning(
        hanging.flatMap((r) => r.pids),
        'after SIGINT',
      );
      assert.deepEqual(processesMentioning(client.command), []);
      assertNotListening(sockets, 'after SIGINT');

      const results = await harness.results();
      assert.ok(results, `no results.json; output: ${harness.output()}`);
      assertValidResults(results);
      assert.equal(results.partial, true);
      // The finished scenario keeps its verdict; those in flight are kept unjudged (tests/e2e/interrupted-run.test.ts).
      assert.deepEqual(
        results.scenarios.map((s) => [s.id, s.status]),
        [
          ['split-auth0', 'fail'],
          ['path-suffixed', 'interrupted'],
          ['www-authenticate-only', 'interrupted'],
          ['okta-path-issuer', 'interrupted'],
        ],
      );
      assert.deepEqual(await readdir(user.tmp), [], 'temporary folders left behind');
      assert.deepEqual(await snapshot(user.home), before, "the user's folders changed");
    } finally {
      harness.child.kill('SIGKILL');
      await removeDir(harness.outDir);
    }
  });

  it("a timeout ends the client tree and the scenario's servers before the next scenario; SIGTERM ends the rest", async () => {
    const user = await sentinelUser();
    const client = await hangingClient();
    const harness = await startHarness(
      ['--client', client.command, '--jobs', '1', '--timeout', '3000', '--scenario', 'path-suffixed', '--scenario', 'okta-path-issuer'],
      user.env,
    );
    try {
      const first = await readyMarker(client.dir, 'path-suffixed');
      const firstSockets = listeningSocketsOf(harness.child.pid!);
      assertLoopbackOnly(firstSockets);
      assert.ok(firstSockets.some((s) => s.port === first.mcpPort));

      const second = await readyMarker(client.dir, 'okta-path-issuer');
      assertNoneRunning(first.pids, 'after the timeout');
      assertNotListening(firstSockets, 'after the timeout');
      const secondSockets = listeningSocketsOf(harness.child.pid!);
      assertLoopbackOnly(secondSockets);
      assert.deepEqual(await readdir(user.tmp).then((entries) => entries.length), 1, "the first scenario's workspace was not removed");

      harness.child.kill('SIGTERM');
      assert.equal(await harness.exited, 143, harness.output());
      assertNoneRunning(second.pids, 'after SIGTERM');
      assert.deepEqual(processesMentioning(client.command), []);
      assertNotListening(secondSockets, 'after SIGTERM');
      const results = await harness.results();
      assert.ok(results, `no results.json; output: ${harness.output()}`);
      assertValidResults(results);
      assert.equal(results.partial, true);
      assert.deepEqual(
        results.scenarios.map((s) => s.id),
        ['path-suffixed', 'okta-path-issuer'],
      );
      assert.match(results.scenarios[0]!.reason ?? '', /did not exit within 3000 ms/);
      assert.equal(results.scenarios[1]!.status, 'interrupted');
      assert.deepEqual(await readdir(user.tmp), [], 'temporary folders left behind');
    } finally {
      harness.child.kill('SIGKILL');
      await removeDir(harness.outDir);
    }
  });

  for (const [name, client] of [
    ['the reference client', 'reference'],
    ['the scripted client', scriptedClient()],
  ] as const) {
    it(`a full run of ${name} with a sentinel HOME leaves it untouched and removes every temporary folder`, async () => {
      const user = await sentinelUser();
      const before = await snapshot(user.home);
      const harness = await startHarness(['--client', client, ...CORE_SCENARIOS], user.env);
      try {
        assert.equal(await harness.exited, 0, harness.output());
        assert.deepEqual(await snapshot(user.home), before, "the user's folders changed");
        assert.deepEqual(await readdir(user.tmp), [], 'temporary folders left behind');
      } finally {
        await removeDir(harness.outDir);
      }
    });
  }
});
