// Build step (`npm run build`): joins the HTML report's page modules (reports/html/page/*.js, scripts that share one
// scope, type-checked by tsconfig.report.json) into the one function the report inlines, <build>/generated/report.js,
// so every index.html stays one self-contained file.
//   node <build>/scripts/bundle-report-page.js
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../harness/paths.js';
import { PAGE_MODULES, PAGE_SCRIPT_FILE } from '../reports/html/page-script.js';

const PAGE_DIR = join(PACKAGE_ROOT, 'reports', 'html', 'page');
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated');

/** The page script: every module in order inside one strict function, so nothing leaks into the page's globals. */
export function bundlePage(read: (file: string) => string = (file) => readFileSync(join(PAGE_DIR, file), 'utf8')): string {
  const parts = PAGE_MODULES.map((file) => `// ---- ${file} ----\n${read(file)}`);
  return `(function () {\n'use strict';\n${parts.join('\n')}\n})();\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, PAGE_SCRIPT_FILE), bundlePage());
}
