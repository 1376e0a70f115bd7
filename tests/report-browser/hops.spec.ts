import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';

// Redirect hops in the HTML report, from a real run: the scripted client follows the well-known URLs' 302 to a
// login page as fetch does by default, and the report draws and labels each hop as one.

const BUILD = resolve(process.env.MCP_CONFORMANCE_BUILD ?? 'dist');
const CLI = join(BUILD, 'harness', 'cli.js');
const FOLLOWING = [process.execPath, join(BUILD, 'tests', 'clients', 'scripted-client.js'), '--follow-redirects'].map((w) => `'${w}'`).join(' ');

let work: string;
let page: string;

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'report-hops-'));
  const out = join(work, 'results');
  const run = spawnSync(
    process.execPath,
    [CLI, '--client', FOLLOWING, '--scenario', 'well-known-redirect', '--spec-version', '2025-11-25', '--out', out, '--report', out],
    {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', GITHUB_ACTIONS: '' },
    },
  );
  expect(run.status, run.stdout + run.stderr).toBe(0);
  page = pathToFileURL(join(out, 'index.html')).href;
});

test.afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('a redirect hop is drawn dashed and labelled in the sequence diagram and in the request list, linking to its 3xx', async ({ page: p }) => {
  const problems: string[] = [];
  p.on('pageerror', (e) => problems.push(e.message));
  p.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
  await p.goto(page);
  await p
    .getByRole('link', { name: /^well-known-redirect for / })
    .first()
    .click();
  await expect(p.getByRole('heading', { level: 1 })).toContainText('well-known-redirect');

  // The client's hops to the login page (one per redirected well-known URL), and the browser's hop to the callback.
  const hops = p.locator('svg.sequence g.arrow.hop');
  expect(await hops.count()).toBeGreaterThanOrEqual(3);
  const login = p.locator('svg.sequence g.arrow.hop', { hasText: '/login?next=' }).first();
  await expect(login.locator('text')).toHaveText(/^↪ #\d+ GET \/login\?next=/);
  await expect(login.locator('title')).toHaveText(/an automatic redirect hop of #\d+: the client followed its Location, it did not choose this URL/);
  const dashes = await login
    .locator('line')
    .evaluate((line) => (globalThis as unknown as { getComputedStyle(e: unknown): { strokeDasharray: string } }).getComputedStyle(line).strokeDasharray);
  expect(dashes).not.toBe('none');

  const seq = Number(await login.getAttribute('data-seq'));
  const from = Number(/hop of #(\d+)/.exec((await login.locator('title').textContent()) ?? '')![1]);
  const request = p.locator(`#req-${seq}`);
  await expect(request).not.toHaveClass(/violation/);
  const link = request.getByRole('link', { name: `↪ redirect hop of #${from}` });
  await expect(link).toBeVisible();
  await link.click();
  await expect(p.locator(`#req-${from}`)).toHaveAttribute('open', '');
  await expect(p.locator(`#req-${from} summary`)).toContainText(/GET http:\/\/\S+\/\.well-known\/\S+ 302/);

  // Nothing failed, so no finding names the login page.
  await expect(p.getByRole('heading', { level: 2, name: 'Result' })).toBeVisible();
  expect(problems).toEqual([]);
});
