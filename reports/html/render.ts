import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import chalk from 'chalk';
import type { GateResult } from '../baseline.js';
import { textFlag, type ReportWriter, type WriteContext } from '../writer.js';
import { collectReport, renderHtml } from './build.js';

/** Renders DIR/index.html from one or more results folders (one when gated by a baseline); returns the path written. */
export async function writeHtmlReport(resultsDirs: string[], outDir: string, gate?: GateResult): Promise<string> {
  const { data, details } = await collectReport(resultsDirs, gate);
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'index.html');
  await writeFile(file, await renderHtml(data, details));
  return file;
}

/** Where index.html goes: run only with --report; merge beside the merged results unless --report; report at --out or the first folder. */
function reportFolder({ command, flags, resultsDirs }: Pick<WriteContext, 'command' | 'flags' | 'resultsDirs'>): string | undefined {
  if (command === 'run') return textFlag(flags, 'report');
  return textFlag(flags, command === 'report' ? 'out' : 'report') ?? resultsDirs[0];
}

/** `--report DIR` of run and merge, and the report command itself. */
export const htmlWriter: ReportWriter = {
  name: 'html',
  description: 'a self-contained HTML report (index.html) of one or more results folders',
  commands: ['run', 'merge', 'report'],
  options: [
    {
      flags: '--report <dir>',
      help: {
        run: 'write a self-contained HTML report (index.html) here; also the results folder when --out is not given',
        merge: 'write the HTML report here instead of the --out folder',
      },
      writes: { kind: 'folder' },
    },
    { flags: '-o, --out <dir>', help: { report: 'where to write index.html; default: the first results folder' }, writes: { kind: 'folder' } },
  ],
  async write(context) {
    const folder = reportFolder(context);
    if (!folder || context.resultsDirs.length === 0) return;
    const file = await writeHtmlReport(context.resultsDirs, folder, context.gate);
    const line = `report written to ${file}\n`;
    process.stdout.write(context.command === 'report' ? line : chalk.gray(line));
  },
};
