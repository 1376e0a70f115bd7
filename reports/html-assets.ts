import { fileURLToPath } from 'node:url';

// Found from this module's URL at dist/reports/ (not from reports/html/, one level deeper): the CLI runs as a bundle
// at dist/harness/ (scripts/bundle.ts), the same depth, so the paths hold in both.

/** The HTML report's static assets (its style). */
export const HTML_ASSETS = fileURLToPath(new URL('../../reports/html/assets/', import.meta.url));

/** What the build generates beside the compiled code: the joined page script, the compiled validators. */
export const GENERATED_FOLDER = fileURLToPath(new URL('../generated/', import.meta.url));
