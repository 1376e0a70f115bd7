import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectReport, renderHtml } from './build.js';

/** Renders DIR/index.html from one or more results folders; returns the path written. */
export async function writeHtmlReport(resultsDirs: string[], outDir: string): Promise<string> {
  const { data, details } = await collectReport(resultsDirs);
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'index.html');
  await writeFile(file, await renderHtml(data, details));
  return file;
}
