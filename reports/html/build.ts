import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Exchange, ResolvedTopology } from '../../scenarios/types.js';
import { readResultsDir, scenarioFolder, type CheckDocument, type ResultsDocument, type ScenarioDocument } from '../results-document.js';
import { afterLines } from '../account-text.js';
import type { GateResult } from '../baseline.js';
import { bugReportMarkdown, reportable } from '../bug-report.js';
import { disposition, outcome, type Disposition, type Outcome } from '../disposition.js';
import { HTML_ASSETS } from '../html-assets.js';
import { pageScript } from './page-script.js';
import { reproduceCommands } from '../reproduce.js';
import { judgedRevisions, type UserAgentRecord } from '../results.js';

// Builds the data of the HTML report from results folders: a small overview (what the matrix and filters
// need) and, per scenario, a detail payload (trace, output, screenshots) the page parses only when opened.

/** A check as the page gets it: how it counts decided here (reports/disposition.ts), never again in the page. */
export interface CheckOverview extends CheckDocument {
  disposition: Disposition;
  /** Where the page lists it: among the checks not met, those met, or the folded-away skipped ones. */
  outcome: Outcome;
}

export interface ScenarioOverview extends Omit<ScenarioDocument, 'checks'> {
  checks: CheckOverview[];
  /** Index of the detail payload in the page. */
  detail: number;
  reproduce: { run: string; serve: string };
  /** A failing scenario's bug report (reports/bug-report.ts), for the page's "Copy as issue". */
  bugReport?: string;
  /** The account's lines after its headline (reports/account-text.ts): the client's last step, its end, its words. */
  after?: string[];
}

export interface ResultSet {
  label: string;
  source: string;
  tool: ResultsDocument['tool'];
  client: ResultsDocument['client'];
  specVersion: string;
  startedAt: string;
  durationMs: number;
  partial: boolean;
  interruptedBy?: ResultsDocument['interruptedBy'];
  notRun?: string[];
  summary: ResultsDocument['summary'];
  scenarios: ScenarioOverview[];
}

/** A scenario's trace.json as writeResults writes it (redacted): what the page draws its sequence and requests from. */
export interface TraceFile {
  scenario: string;
  specVersion: string;
  /** Absent when the scenario's servers never started. */
  topology?: ResolvedTopology | null;
  exchanges: Exchange[];
  userAgent?: UserAgentRecord[];
}

/** One scenario's payload in the page (a `<script type="application/json" id="detail-N">`), parsed when opened. */
export interface ScenarioDetail {
  trace: TraceFile | null;
  stdout: string;
  stderr: string;
  screenshots: { name: string; src: string }[];
}

export interface ReportData {
  generatedAt: string;
  sets: ResultSet[];
}

/** The revision(s) a run judged at: the forced one, or under auto those the client negotiated (previews aside). */
function runRevisions(document: ResultsDocument): string {
  if (document.specVersion !== 'auto') return document.specVersion;
  const judged = judgedRevisions(document.scenarios);
  return judged.length ? judged.join(', ') : 'auto';
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

async function screenshotsIn(folder: string): Promise<{ name: string; src: string }[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.toLowerCase().endsWith('.png')).sort();
  return Promise.all(names.map(async (name) => ({ name, src: `data:image/png;base64,${(await readFile(join(folder, name))).toString('base64')}` })));
}

/** The scenario's checks with their dispositions, under the gate when the run was gated. */
function checkOverviews(s: ScenarioDocument, gate: GateResult | undefined): CheckOverview[] {
  return s.checks.map((c) => {
    const d = disposition(s, c, gate);
    return { ...c, disposition: d, outcome: outcome(d) };
  });
}

/**
 * The page's data from results folders. `gate`: the baseline's verdict on the one folder of a gated run or merge (the
 * report command re-renders folders ungated).
 */
export async function collectReport(dirs: string[], gate?: GateResult): Promise<{ data: ReportData; details: ScenarioDetail[] }> {
  if (gate && dirs.length !== 1) throw new Error('a baseline gate judges one results folder');
  const details: ScenarioDetail[] = [];
  const sets: ResultSet[] = [];
  for (const dir of dirs) {
    const document = await readResultsDir(dir);
    const scenarios: ScenarioOverview[] = [];
    for (const s of document.scenarios) {
      const folder = join(dir, scenarioFolder(s));
      const traceText = await readText(join(folder, 'trace.json'));
      let trace: TraceFile | null;
      try {
        trace = traceText ? (JSON.parse(traceText) as TraceFile) : null;
      } catch {
        trace = null;
      }
      details.push({
        trace,
        stdout: await readText(join(folder, 'stdout.txt')),
        stderr: await readText(join(folder, 'stderr.txt')),
        screenshots: await screenshotsIn(folder),
      });
      scenarios.push({
        ...s,
        checks: checkOverviews(s, gate),
        detail: details.length - 1,
        reproduce: reproduceCommands(document.client.name, s, document.client.drive),
        ...(s.account ? { after: afterLines(s.account) } : {}),
        ...(reportable(s) ? { bugReport: bugReportMarkdown({ client: document.client, tool: document.tool, scenario: s, trace }) } : {}),
      });
    }
    sets.push({
      label: `${document.client.name}${document.client.drive ? ` (${document.client.drive})` : ''} · ${runRevisions(document)}`,
      source: basename(dir),
      tool: document.tool,
      client: document.client,
      specVersion: document.specVersion,
      startedAt: document.startedAt,
      durationMs: document.durationMs,
      partial: document.partial,
      ...(document.interruptedBy ? { interruptedBy: document.interruptedBy } : {}),
      ...(document.notRun ? { notRun: document.notRun } : {}),
      summary: document.summary,
      scenarios,
    });
  }
  return { data: { generatedAt: new Date().toISOString(), sets }, details };
}

/** JSON safe inside a <script> element: no `</script>` or `<!--` can end or alter it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export async function renderHtml(data: ReportData, details: ScenarioDetail[]): Promise<string> {
  const [script, style] = await Promise.all([pageScript(), readFile(join(HTML_ASSETS, 'report.css'), 'utf8')]);
  const only = data.sets.length === 1 ? data.sets[0] : undefined;
  const title = only ? `MCP OAuth conformance: ${only.label}` : `MCP OAuth conformance: ${data.sets.length} result sets`;
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
    `<title>${escape(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<header class="top"><a class="home" href="#/">MCP OAuth conformance</a><span id="generated"></span></header>',
    '<main id="app" tabindex="-1"><noscript>This report needs JavaScript to render.</noscript></main>',
    `<script type="application/json" id="report-data">${scriptJson(data)}</script>`,
    ...details.map((d, i) => `<script type="application/json" id="detail-${i}">${scriptJson(d)}</script>`),
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
