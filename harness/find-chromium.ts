import { existsSync } from 'node:fs';

/** Where a system Chromium or Chrome usually lives; Debian's `chromium` package installs the first. */
const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const INSTALL_HINT =
  'no Chromium found: install one (Debian/Ubuntu: apt-get install chromium; or npx playwright install chromium where the network allows), or set CHROMIUM_PATH';

/**
 * A Chromium executable, found without downloading one: $CHROMIUM_PATH, then Playwright's own
 * installed browser, then the system's Chromium or Chrome.
 */
export async function findChromium(): Promise<string | undefined> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    const { chromium } = await import('playwright-core');
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // playwright-core knows no browser for this platform
  }
  return SYSTEM_BROWSERS.find((path) => existsSync(path));
}
