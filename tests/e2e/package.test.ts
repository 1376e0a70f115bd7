import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BUILD_ROOT } from '../helpers.js';

const exec = promisify(execFile);
const REPO = join(BUILD_ROOT, '..');

// The package must run as installed: compiled JavaScript in the tarball, no TypeScript at run time.
// Dependencies come from npm's cache (--offline), so the test reaches nothing outside the machine.
describe('the npm package', () => {
  it('installs from its tarball into an empty folder and runs', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-pack-'));
    try {
      await exec('npm', ['pack', '--pack-destination', dir], { cwd: REPO });
      const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
      assert.ok(tarball, 'npm pack wrote no tarball');
      const project = join(dir, 'empty');
      await mkdir(project);
      await exec('npm', ['init', '-y'], { cwd: project });
      await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, tarball)], { cwd: project });
      const help = await exec('npx', ['--offline', 'mcp-oauth-conformance', '--help'], { cwd: project });
      assert.match(help.stdout, /Usage: mcp-oauth-conformance/);
      const installed = await readdir(join(project, 'node_modules', 'mcp-oauth-conformance', 'dist'));
      assert.ok(!installed.includes('tests'), 'test code is not shipped');
      const run = await exec('npx', ['--offline', 'mcp-oauth-conformance', '--scenario', 'split-auth0'], { cwd: project, env: { ...process.env, FORCE_COLOR: '0' } });
      assert.match(run.stdout, /1 scenario\(s\): 1 passed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
