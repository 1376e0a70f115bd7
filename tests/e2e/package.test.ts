import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { runAction, type ActionRun } from '../action-runner.js';
import { BUILD_ROOT, scriptedClient } from '../helpers.js';

const exec = promisify(execFile);
const REPO = join(BUILD_ROOT, '..');

interface LockFile {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
}

/**
 * A fresh clone of this checkout without a build: the files git tracks or would track (so also uncommitted ones),
 * with this checkout's node_modules linked in. Packing it must build first; packing the checkout itself would
 * rebuild the dist/ other tests are running from.
 */
async function unbuiltClone(target: string): Promise<void> {
  const { stdout } = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    await mkdir(dirname(join(target, file)), { recursive: true });
    // A file deleted in the working tree but still in the index is not part of the tree.
    await cp(join(REPO, file), join(target, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  await symlink(join(REPO, 'node_modules'), join(target, 'node_modules'));
}

/**
 * Lays out an installed package the way npm would, without the network: the tarball unpacked into
 * node_modules, and beside it only the packages the lock file marks as needed at run time (not dev), taken
 * from this checkout. A runtime dependency missing from package.json would be missing here too.
 */
async function installOffline(tarball: string, project: string): Promise<void> {
  const modules = join(project, 'node_modules');
  await mkdir(modules, { recursive: true });
  await writeFile(join(project, 'package.json'), '{ "name": "empty-project", "private": true }\n');
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

/** Packs an unbuilt clone of this checkout once (prepack builds it) and returns the tarball's path; the folder holds it. */
async function packUnbuiltClone(dir: string): Promise<{ tarball: string; pack: { stdout: string; stderr: string } }> {
  const clone = join(dir, 'clone');
  await unbuiltClone(clone);
  const pack = await exec('npm', ['pack', '--pack-destination', dir], { cwd: clone, maxBuffer: 16 * 1024 * 1024 });
  const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, `npm pack wrote no tarball: ${pack.stdout}${pack.stderr}`);
  return { tarball: join(dir, tarball), pack };
}

// The package must run as installed: compiled JavaScript in the tarball, no TypeScript at run time, every
// runtime dependency declared. Nothing is fetched: the dependencies come from this checkout. One pack serves
// every assertion (it runs the whole build).
let dir: string;
let tarball: string;
let files: string[];
let unpacked: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-pack-'));
  ({ tarball } = await packUnbuiltClone(dir));
  files = (await exec('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 })).stdout.split('\n').filter(Boolean);
  unpacked = join(dir, 'unpacked');
  await mkdir(unpacked);
  await exec('tar', ['-xzf', tarball, '-C', unpacked]);
});
after(() => rm(dir, { recursive: true, force: true }));

describe('the npm package', () => {
  it('is built by npm pack in a clone that was never built', () => {
    assert.ok(files.includes('package/dist/harness/cli.js'), `no dist/ in the tarball: ${files.join(' ')}`);
    assert.ok(
      files.some((f) => f.startsWith('package/dist/generated/')),
      'the compiled validators are not in the tarball',
    );
  });

  it('holds the MIT LICENSE, the project links and no source map without its source', async () => {
    assert.ok(files.includes('package/LICENSE'), 'no LICENSE in the tarball');
    assert.match(await readFile(join(unpacked, 'package', 'LICENSE'), 'utf8'), /^MIT License/);
    const pkg = JSON.parse(await readFile(join(unpacked, 'package', 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(pkg.license, 'MIT');
    for (const field of ['repository', 'homepage', 'bugs', 'engines']) assert.ok(pkg[field], `package.json has no ${field}`);
    for (const map of files.filter((f) => f.endsWith('.map'))) {
      const { sources } = JSON.parse(await readFile(join(unpacked, map), 'utf8')) as { sources: string[] };
      for (const source of sources) assert.ok(files.includes(join(dirname(map), source)), `${map} points at ${source}, which is not shipped`);
    }
    assert.ok(!files.some((f) => f.startsWith('package/dist/tests/')), 'test code is not shipped');
  });

  it("README's links work on the registry page: no relative link", async () => {
    const readme = await readFile(join(unpacked, 'package', 'README.md'), 'utf8');
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^(https?:|#|mailto:)/.test(href));
    assert.deepEqual(relative, []);
  });

  it('runs from its tarball in an empty project: npx mcp-oauth-conformance -s split-auth0 exits 0', { timeout: 180_000 }, async () => {
    const project = join(dir, 'empty');
    await installOffline(tarball, project);
    const help = await exec('npx', ['--offline', 'mcp-oauth-conformance', '--help'], { cwd: project });
    assert.match(help.stdout, /Usage: mcp-oauth-conformance/);
    const run = await exec('npx', ['--offline', 'mcp-oauth-conformance', '-s', 'split-auth0', '--report', join(dir, 'report')], {
      cwd: project,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    assert.match(run.stdout, /1 scenario\(s\): 1 passed/);
    assert.match(await readFile(join(dir, 'report', 'index.html'), 'utf8'), /split-auth0/);
  });

  it('npm pack fails, writing no tarball, when the build fails', async () => {
    // A tsconfig with nothing to compile: the cheapest build failure (no type check of the whole tree again).
    const tsconfig = join(dir, 'clone', 'tsconfig.json');
    const broken = (await readFile(tsconfig, 'utf8')).replace(/"include": \[[^\]]*\]/, '"include": ["no-such-folder"]');
    assert.match(broken, /no-such-folder/);
    await writeFile(tsconfig, broken);
    const failed = join(dir, 'failed');
    await mkdir(failed);
    const pack = await exec('npm', ['pack', '--pack-destination', failed], { cwd: join(dir, 'clone') }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    assert.ok(pack, 'npm pack succeeded although the build failed');
    assert.notEqual(pack.code, 0);
    assert.match(pack.stdout + pack.stderr, /no-such-folder/);
    assert.deepEqual(await readdir(failed), []);
  });
});

// action.yml run as the runner would (tests/action-runner.ts) with `package` set to the tarball: the harness is
// installed by npm (dependencies from the registry, or its cache) and run in a job's workspace.
describe('the GitHub Action', () => {
  let temp: string;
  let workspace: string;
  const job = (inputs: Record<string, string>) =>
    runAction(REPO, { package: tarball, ...inputs }, { workspace, temp, env: { ...process.env, FORCE_COLOR: '0' } });
  const step = (run: ActionRun, name: RegExp) => {
    const found = run.steps.find((s) => name.test(s.name));
    assert.ok(found, `no step ${name}: ${run.steps.map((s) => s.name).join(', ')}`);
    return found;
  };
  before(async () => {
    temp = join(dir, 'runner-temp');
    workspace = join(dir, 'workspace');
    await mkdir(temp);
    await mkdir(workspace);
  });

  it('installs the packed harness, runs the selected shard, names the artifact and writes the job summary', { timeout: 300_000 }, async (t) => {
    const reachable = await exec('npm', ['ping'], { timeout: 30_000 }).then(
      () => undefined,
      (error: Error) => error.message.split('\n')[0],
    );
    if (reachable) {
      t.skip(`the npm registry is unreachable, so the tarball's dependencies cannot be installed (${reachable})`);
      return;
    }
    const run = await job({ client: 'reference', scenario: 'split-auth0\npath-suffixed', shard: '1/2' });
    const harness = step(run, /^Get mcp-oauth-conformance$/);
    assert.equal(harness.code, 0, harness.stdout + harness.stderr);
    assert.equal(harness.outputs.cli, join(temp, 'mcp-oauth-conformance-harness', 'node_modules', 'mcp-oauth-conformance', 'dist', 'harness', 'cli.js'));
    const scenarios = step(run, /^Run the conformance scenarios$/);
    assert.equal(scenarios.code, 0, scenarios.stdout + scenarios.stderr);
    assert.match(scenarios.stdout, /1 scenario\(s\): 1 passed/);
    assert.doesNotMatch(scenarios.stdout, /^::error/m);
    assert.match(scenarios.summary, /^## MCP OAuth conformance: reference/m);
    assert.match(scenarios.summary, /\| `split-auth0@\S+` \| ✅ pass \|/);
    const results = JSON.parse(await readFile(join(workspace, 'mcp-oauth-conformance-results', 'results.json'), 'utf8')) as { scenarios: { id: string }[] };
    assert.deepEqual(
      results.scenarios.map((s) => s.id),
      ['split-auth0'],
    );
    assert.match(await readFile(join(workspace, 'mcp-oauth-conformance-results', 'junit.xml'), 'utf8'), /<testsuites /);
    assert.match(await readFile(join(workspace, 'mcp-oauth-conformance-results', 'index.html'), 'utf8'), /split-auth0/);
    assert.equal(step(run, /^Name the artifact$/).outputs.name, 'mcp-oauth-conformance-shard-1-of-2');
    assert.deepEqual(step(run, /upload-artifact/).uses?.with, {
      name: 'mcp-oauth-conformance-shard-1-of-2',
      path: 'mcp-oauth-conformance-results',
      'if-no-files-found': 'ignore',
    });
    assert.deepEqual(run.outputs, { 'results-dir': 'mcp-oauth-conformance-results' });
    assert.ok(run.success);
  });

  it('a failing client fails the job with annotations, and the results are still named for upload', { timeout: 300_000 }, async (t) => {
    if (!existsSync(join(temp, 'mcp-oauth-conformance-harness'))) {
      t.skip('the previous case installed nothing (the registry is unreachable)');
      return;
    }
    const run = await job({ client: scriptedClient('no-pkce'), scenario: 'split-auth0', 'results-dir': 'failing', junit: 'failing/junit.xml', upload: 'true' });
    const scenarios = step(run, /^Run the conformance scenarios$/);
    assert.equal(scenarios.code, 1, scenarios.stdout + scenarios.stderr);
    assert.match(scenarios.stdout, /^::error title=split-auth0@\S+ pkce-s256 \(MUST PKCE-1\)::/m);
    assert.match(scenarios.summary, /❌ `pkce-s256`/);
    assert.equal(run.success, false);
    assert.equal(step(run, /^Name the artifact$/).outputs.name, 'mcp-oauth-conformance');
    assert.equal(step(run, /upload-artifact/).uses?.with.path, 'failing');
    assert.match(await readFile(join(workspace, 'failing', 'junit.xml'), 'utf8'), /<failure /);
  });
});
