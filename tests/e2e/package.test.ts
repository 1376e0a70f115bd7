import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BUILD_ROOT } from '../helpers.js';

const exec = promisify(execFile);
const REPO = join(BUILD_ROOT, '..');

interface LockFile {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
}

/**
 * Lays out an installed package the way npm would, without the network: the tarball unpacked into
 * node_modules, and beside it only the packages the lock file marks as needed at run time (not dev), taken
 * from this checkout. A runtime dependency missing from package.json would be missing here too.
 */
async function installOffline(tarball: string, project: string): Promise<void> {
  const modules = join(project, 'node_modules');
  await mkdir(modules, { recursive: true });
  await exec('tar', ['-xzf', tarball, '-C', modules]);
  await rename(join(modules, 'package'), join(modules, 'mcp-oauth-conformance'));
  const lock = JSON.parse(await readFile(join(REPO, 'package-lock.json'), 'utf8')) as LockFile;
  for (const [path, entry] of Object.entries(lock.packages)) {
    // Only top-level (hoisted) packages; nested ones travel inside their parent's folder.
    if (!path.startsWith('node_modules/') || path.slice('node_modules/'.length).includes('node_modules/') || entry.dev || entry.devOptional) continue;
    const target = join(modules, path.slice('node_modules/'.length));
    await mkdir(dirname(target), { recursive: true });
    await symlink(join(REPO, path), target);
  }
  await mkdir(join(modules, '.bin'));
  await symlink(join(modules, 'mcp-oauth-conformance', 'dist', 'harness', 'cli.js'), join(modules, '.bin', 'mcp-oauth-conformance'));
}

// The package must run as installed: compiled JavaScript in the tarball, no TypeScript at run time, every
// runtime dependency declared. Nothing is fetched: the dependencies come from this checkout.
describe('the npm package', () => {
  it('runs from its tarball in an empty folder with only its runtime dependencies', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-pack-'));
    try {
      await exec('npm', ['pack', '--pack-destination', dir], { cwd: REPO });
      const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
      assert.ok(tarball, 'npm pack wrote no tarball');
      const project = join(dir, 'empty');
      await installOffline(join(dir, tarball), project);
      const shipped = await readdir(join(project, 'node_modules', 'mcp-oauth-conformance', 'dist'));
      assert.ok(!shipped.includes('tests'), 'test code is not shipped');
      const help = await exec('npx', ['--offline', 'mcp-oauth-conformance', '--help'], { cwd: project });
      assert.match(help.stdout, /Usage: mcp-oauth-conformance/);
      const out = join(dir, 'out');
      const run = await exec('npx', ['--offline', 'mcp-oauth-conformance', '--scenario', 'split-auth0', '--out', out, '--report', join(dir, 'report')], {
        cwd: project,
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      assert.match(run.stdout, /1 scenario\(s\): 1 passed/);
      assert.match(await readFile(join(dir, 'report', 'index.html'), 'utf8'), /split-auth0/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
