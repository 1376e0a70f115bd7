import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { removeDir, runCli, runCliRaw } from '../helpers.js';

describe('top-level help', () => {
  it("shows the default command run's options and says run is the default", async () => {
    const help = await runCliRaw(['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /run is the default command: 'mcp-oauth-conformance \[options\]' is 'mcp-oauth-conformance run \[options\]'/);
    for (const option of [
      '--client <client>',
      '--client-path <path>',
      '--scenario <id>',
      '--out <dir>',
      '--report <dir>',
      '--junit <file>',
      '--baseline <file>',
    ])
      assert.ok(help.stdout.includes(option), `top-level help lacks ${option}`);
    assert.match(help.stdout, /run \[options\]\s+drive a client .*\(the default\s+command\)/s);
  });
});

describe('terminal columns', () => {
  it('the status column starts at one place for every scenario, the longest name included', { timeout: 120_000 }, async () => {
    // authorization-server-migration (30 characters) is longer than the old fixed column of 28.
    const run = await runCli(['-s', 'authorization-server-migration', '-s', 'split-auth0', '--spec-version', '2026-07-28']);
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const rows = run.stdout.split('\n').filter((l) => /^\S (authorization-server-migration|split-auth0) /.test(l));
      assert.equal(rows.length, 2, run.stdout);
      const columns = rows.map((l) => l.search(/ pass /));
      assert.ok(columns[0]! > 'authorization-server-migration'.length, run.stdout);
      assert.equal(columns[0], columns[1], run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });
});
