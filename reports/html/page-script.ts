import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATED_FOLDER } from '../html-assets.js';

// The HTML report's page script: its modules (reports/html/page/), joined by `npm run build`
// (scripts/bundle-report-page.ts) into <build>/generated/report.js, which the report inlines.

/** The page modules in the order they are joined: shared helpers first, the router (which starts the page) last. */
export const PAGE_MODULES = ['shared.js', 'topology.js', 'sequence.js', 'client-output.js', 'scenario.js', 'overview.js', 'main.js'] as const;

export const PAGE_SCRIPT_FILE = 'report.js';

/** The joined page script of this build. */
export async function pageScript(): Promise<string> {
  return readFile(join(GENERATED_FOLDER, PAGE_SCRIPT_FILE), 'utf8');
}
