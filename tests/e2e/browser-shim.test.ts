// The browser shims a client finds on its PATH hand every URL to the harness's user agent and return at once,
// whichever way the shim posts it: curl, perl, or the Node shim when neither is installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UserAgentService, type Navigator } from '../../harness/user-agent/service.js';
import { BROWSER_SHIM_NAMES, createWorkspace, type Workspace } from '../../harness/run/workspace.js';
import { removeDir } from '../helpers.js';

/** A navigator whose visits stay open until released: a shim that waited for the visit would never return. */
class HeldNavigator implements Navigator {
  readonly visited: string[] = [];
  private readonly held: (() => void)[] = [];
  visit(url: string): Promise<string> {
    this.visited.push(url);
    return new Promise((resolve) => this.held.push(() => resolve('released')));
  }
  release(): void {
    for (const done of this.held.splice(0)) done();
  }
  close(): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}

function whichTool(name: string): Promise<string | undefined> {
  return new Promise((resolve) => execFile('sh', ['-c', `command -v ${name}`], (error, stdout) => resolve(error ? undefined : stdout.trim())));
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env }, (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }));
  });
}

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await removeDir(dir);
});

/** A PATH holding only `tool` (or nothing), so the shim can find that tool and no other. */
async function pathWith(tool: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shim-path-'));
  scratch.push(dir);
  if (tool) await symlink(tool, join(dir, tool.split('/').pop()!));
  return dir;
}

const URL_WITH_EVERYTHING = 'http://127.0.0.1:9/authorize?redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=a b&x=\'q"&name=é ü';

for (const variant of ['curl', 'perl', 'node'] as const) {
  describe(`browser shim posting with ${variant}`, async () => {
    const tool = variant === 'node' ? undefined : await whichTool(variant);
    const skip = variant !== 'node' && !tool ? `${variant} is not installed here` : false;

    let navigator: HeldNavigator;
    let service: UserAgentService;
    let workspace: Workspace;
    let env: NodeJS.ProcessEnv;
    const setUp = async () => {
      navigator = new HeldNavigator();
      service = new UserAgentService(navigator);
      await service.start();
      workspace = await createWorkspace(service.endpoint);
      scratch.push(workspace.root);
      env = { ...workspace.env, PATH: [workspace.bin, await pathWith(tool)].join(delimiter) };
    };

    it('hands the URL over verbatim and returns while the visit is still under way', { skip }, async () => {
      await setUp();
      try {
        for (const name of BROWSER_SHIM_NAMES) {
          const { code } = await run(join(workspace.bin, name), ['--new-window', URL_WITH_EVERYTHING], env);
          assert.equal(code, 0, name);
        }
        assert.deepEqual(
          navigator.visited,
          BROWSER_SHIM_NAMES.map(() => URL_WITH_EVERYTHING),
        );
        assert.equal(service.events.length, 0, 'every visit is still held open');
      } finally {
        await service.close();
      }
    });

    it('passes every argument as it was given, and fails when there is no URL', { skip }, async () => {
      await setUp();
      try {
        const { code } = await run(join(workspace.bin, 'xdg-open'), ['plain', 'two words', '', "it's"], env);
        assert.equal(code, 1);
        assert.deepEqual(
          service.events.map((e) => [e.kind, e.url]),
          [['refused', "plain two words  it's"]],
        );
        assert.deepEqual(navigator.visited, []);
      } finally {
        await service.close();
      }
    });

    it('fails for a URL off loopback, which the user agent refuses', { skip }, async () => {
      await setUp();
      try {
        const { code } = await run(join(workspace.bin, 'open'), ['https://example.com/authorize'], env);
        assert.equal(code, 1);
        assert.deepEqual(
          service.events.map((e) => [e.kind, e.url]),
          [['refused', 'https://example.com/authorize']],
        );
      } finally {
        await service.close();
      }
    });

    it('fails and says so when the user agent is gone', { skip }, async () => {
      await setUp();
      await service.close();
      const { code, stderr } = await run(join(workspace.bin, 'xdg-open'), ['http://127.0.0.1:9/'], env);
      assert.equal(code, 1);
      assert.match(stderr, /browser shim: cannot reach the harness user agent/);
    });
  });
}
