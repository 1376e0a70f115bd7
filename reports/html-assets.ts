import { fileURLToPath } from 'node:url';

/**
 * The HTML report's assets, found from this module's URL at dist/reports/ (not from reports/html/, one level deeper):
 * the CLI runs as a bundle at dist/harness/cli.js (scripts/bundle.ts), the same depth, so the path holds in both.
 */
export const HTML_ASSETS = fileURLToPath(new URL('../../reports/html/assets/', import.meta.url));
