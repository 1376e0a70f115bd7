import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import chalk from 'chalk';
import { quotesAt } from '../scenarios/requirement-quotes.js';
import type { Exchange, ResolvedTopology } from '../scenarios/types.js';
import { afterLines, scenarioKnown, wordsSource } from './account-text.js';
import { disposition, outcome } from './disposition.js';
import { scenarioFolder, type ResultsDocument, type ScenarioDocument } from './results-document.js';
import { reproduceCommands } from './reproduce.js';
import { redactor, redactValue, secretsIn } from './redact.js';
import { UsageError } from '../harness/usage-error.js';
import { textFlag, type ReportWriter } from './writer.js';

// A failing scenario as an issue for the client's tracker, the way the report that started this project read: who
// (client, version, protocol), what goes wrong first, on which deployment, the sentence that makes it wrong, what the
// client said, the requests, and one command to see it again. A maintainer acts on it without running anything.

export interface BugReportInput {
  client: ResultsDocument['client'];
  tool: ResultsDocument['tool'];
  scenario: ScenarioDocument;
  /** The scenario's redacted trace.json (topology and exchanges), when the run kept one. */
  trace?: { topology?: ResolvedTopology | null; exchanges: Exchange[] } | null;
}

/**
 * The scenarios a bug report is written for: a check failed or warned, every time or in one of its attempts (flaky: a
 * race in the client is a bug all the same). A harness error, a skip or an interrupted scenario is no client bug.
 */
export function reportable(scenario: Pick<ScenarioDocument, 'status'>): boolean {
  return scenario.status === 'fail' || scenario.status === 'warn' || scenario.status === 'flaky';
}

/**
 * The checks the client fell short of, in the scenario's order: a failure whether or not the baseline accepts it, a
 * warning, a flaky attempt's failure, a preview's. A bug report is about the client, not about what fails the run.
 */
function notMet(scenario: ScenarioDocument): ScenarioDocument['checks'] {
  return scenario.checks.filter((c) => outcome(disposition(scenario, c)) === 'not-met');
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `opencode@1.0.185` as a maintainer writes it: `opencode 1.0.185`. */
function clientLabel(name: string): string {
  const at = name.lastIndexOf('@');
  return at > 0 ? `${name.slice(0, at)} ${name.slice(at + 1)}` : name;
}

/** "expected X; the client sent Y" split into its two halves; a message without them is all "actual". */
function expectedAndActual(message: string): { expected: string; actual: string } {
  const match = message.match(/^expected (.+?); (.+)$/s);
  return match ? { expected: match[1]!, actual: match[2]! } : { expected: '', actual: message };
}

function title(input: BugReportInput): string {
  const { scenario } = input;
  const who = clientLabel(input.client.name);
  const cause = scenario.account?.cause;
  const failed = notMet(scenario);
  if (cause?.kind === 'violation') {
    const check = failed.find((c) => c.id === cause.check);
    if (check) return `${who} fails a ${check.level}: ${check.title} (${scenario.id})`;
  }
  if (cause?.kind === 'refusal') {
    const said = scenario.account?.words.find((w) => w.seq === cause.seq)?.text;
    const quoted = said && said.length > 140 ? `${said.slice(0, 140).replace(/\s+\S*$/, '')}…` : said;
    return `${who}: its redirect URI refuses a well-formed authorization response${quoted ? ` ("${quoted}")` : ''} (${scenario.id})`;
  }
  const first = failed[0];
  return `${who} stops short: ${first ? first.title : 'the flow is not completed'} (${scenario.id})`;
}

function deployment(topology: ResolvedTopology | null | undefined): string[] {
  if (!topology) return ['(the run kept no topology)'];
  const lines: string[] = [];
  for (const rs of topology.resourceServers) {
    lines.push(`- MCP server: ${code(rs.mcpUrl)}`);
    if (rs.challengeResourceMetadata) lines.push(`  - its 401 names \`resource_metadata=${rs.challengeResourceMetadata}\``);
    if (rs.prmUrls.length) lines.push(`  - protected resource metadata at ${rs.prmUrls.map(code).join(', ')}`);
    const listed = rs.authorizationServers.map((id) => topology.authorizationServers.find((as) => as.id === id)?.issuer ?? id);
    lines.push(`  - \`authorization_servers\`: ${listed.length ? listed.map(code).join(', ') : 'none'}`);
  }
  for (const as of topology.authorizationServers) {
    const urls = Object.values(as.metadataUrls);
    lines.push(`- Authorization server, issuer ${code(as.issuer)}: metadata at ${urls.length ? urls.map(code).join(', ') : 'no well-known URL'}`);
    const endpoints = [`authorization ${code(as.endpoints.authorization)}`, `token ${code(as.endpoints.token)}`];
    if (as.endpoints.registration) endpoints.push(`registration ${code(as.endpoints.registration)}`);
    lines.push(`  - endpoints: ${endpoints.join(', ')}`);
  }
  lines.push('- Every other URL of these origins answers as the scenario says (404, or 401 from a gateway): nothing else is metadata.');
  return lines;
}

/** The client's requests, the cause marked; long traces keep their start and the stretch around the cause. */
function traceExcerpt(exchanges: Exchange[], causeSeq: number | undefined): string[] {
  const shown = exchanges.filter((ex) => ex.role !== 'model');
  if (shown.length === 0) return ['(no request reached the mock servers)'];
  const at = causeSeq === undefined ? -1 : shown.findIndex((ex) => ex.seq === causeSeq);
  const keep = (i: number) => shown.length <= 24 || i < 6 || (at >= 0 && Math.abs(i - at) <= 8) || i >= shown.length - 4;
  const rows = ['| # | from | request | answer |', '| --- | --- | --- | --- |'];
  let skipped = false;
  shown.forEach((ex, i) => {
    if (!keep(i)) {
      if (!skipped) rows.push('| … | | | |');
      skipped = true;
      return;
    }
    skipped = false;
    const mark = ex.seq === causeSeq ? ' **← first deviation**' : '';
    const hop = ex.redirectedFrom !== undefined ? ` (redirect hop of #${ex.redirectedFrom})` : '';
    rows.push(`| ${ex.seq} | ${ex.from} → ${ex.role} | ${cell(`${ex.method} ${ex.url}`)}${hop}${mark} | ${ex.status} |`);
  });
  return rows;
}

function whyLines(scenario: ScenarioDocument): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  // A consequence's requirement says only that the flow did not finish; the deviations' sentences are the report.
  const consequences = new Set(scenario.account?.consequences ?? []);
  const failed = notMet(scenario);
  const deviations = failed.filter((c) => !consequences.has(c.id));
  for (const check of deviations.length ? deviations : failed) {
    const requirement = check.requirement;
    if (seen.has(requirement.id)) continue;
    seen.add(requirement.id);
    const text = quotesAt(requirement.id, scenario.specVersion);
    lines.push(`**${requirement.id}** (${check.level} at ${scenario.specVersion}; ${code(check.id)}): ${requirement.summary ?? ''}`.trim());
    for (const quote of text?.quotes ?? []) lines.push('', `> ${quote.text}`, `>`, `> — [${quote.source}](${quote.url})`);
    if (!text) lines.push('', `See ${requirement.source}: ${requirement.url}`);
    if (text?.inference) lines.push('', `(The level is the harness's reading: ${text.inference})`);
    lines.push('');
  }
  return lines;
}

/** The Markdown of one failing (client, scenario), redacted like every other output. */
export function bugReportMarkdown(input: BugReportInput): string {
  const { scenario, client } = input;
  const exchanges = input.trace?.exchanges ?? [];
  const account = scenario.account;
  const cause = account?.cause;
  // The drive this scenario ran (`--drive auto` chooses one per scenario), so the report reproduces exactly that.
  const drive = scenario.drive ?? client.drive;
  const reproduce = reproduceCommands(client.name, scenario, drive);
  const failed = notMet(scenario);
  const causeCheck = cause?.kind === 'violation' ? cause.check : undefined;
  const ordered = [...failed.filter((c) => c.id === causeCheck), ...failed.filter((c) => c.id !== causeCheck)];
  const words = account?.words ?? [];
  const known = scenarioKnown(scenario);
  const out = [
    `# ${title(input)}`,
    '',
    `- **Client:** ${clientLabel(client.name)} (${code(client.name)}${drive ? `, driven by its ${drive} command` : ''})`,
    `- **Protocol version it sent:** ${scenario.protocolVersion ?? 'none'}; **judged at:** MCP ${scenario.specVersion}${scenario.revisionNote ? ` (${scenario.revisionNote})` : ''}`,
    `- **Scenario:** ${code(scenario.id)} (${scenario.suite} suite): ${scenario.description}`,
    `- **Found by:** ${input.tool.name} ${input.tool.version}`,
    ...(known ? [`- **Already reported:** ${known.title}: ${known.url}${known.fixedIn ? ` (fixed in ${known.fixedIn})` : ' (no fixed release yet)'}`] : []),
    '',
    '## What goes wrong',
    '',
    account?.headline ? `**First deviation:** ${account.headline}` : `**Result:** ${scenario.status}${scenario.reason ? `: ${scenario.reason}` : ''}`,
    '',
    ...(account ? afterLines(account).map((line) => `- ${line}`) : []),
    '',
    '## Expected and actual',
    '',
    '| check | level | expected | the client |',
    '| --- | --- | --- | --- |',
    ...ordered.map((c) => {
      const { expected, actual } = expectedAndActual(c.message);
      const role = c.id === causeCheck ? ' (first deviation)' : account?.consequences.includes(c.id) ? ' (a consequence)' : '';
      return `| ${code(c.id)}${role} | ${c.level} | ${cell(expected)} | ${cell(actual)} |`;
    }),
    '',
    '## The deployment',
    '',
    ...deployment(input.trace?.topology),
    '',
    '## Why the specification requires it',
    '',
    ...whyLines(scenario),
    "## The client's own words",
    '',
    ...(words.length ? ['```', ...words.map((w) => `[${wordsSource(w)}] ${w.text}`), '```'] : ['(it printed nothing worth quoting)']),
    '',
    '## Requests (redacted)',
    '',
    ...traceExcerpt(exchanges, cause?.seq),
    '',
    '## Reproduce',
    '',
    '```sh',
    reproduce.run,
    `# or keep the deployment up and drive the client by hand:`,
    reproduce.serve,
    '```',
    '',
  ];
  return out.join('\n');
}

/** `<scenario>@<revision>.md`, so one folder holds a whole run's reports. */
export function bugReportFile(scenario: Pick<ScenarioDocument, 'id' | 'specVersion'>): string {
  return `${scenarioFolder(scenario)}.md`;
}

async function traceOf(dirs: string[], scenario: ScenarioDocument): Promise<BugReportInput['trace']> {
  for (const dir of dirs) {
    try {
      return JSON.parse(await readFile(join(dir, scenarioFolder(scenario), 'trace.json'), 'utf8')) as BugReportInput['trace'];
    } catch {
      // not in this folder (or unreadable): the report is written without its requests
    }
  }
  return null;
}

/** `--bug-report DIR`: one Markdown issue per failing scenario. */
export const bugReportWriter: ReportWriter = {
  name: 'bug-report',
  description: 'one Markdown bug report per failing scenario, ready to file in the client’s tracker',
  commands: ['run', 'merge', 'report'],
  options: [
    {
      flags: '--bug-report <dir>',
      help: {
        run: 'write a Markdown bug report per failing scenario here (title, deployment, expected vs actual, spec sentence, client output, requests, reproduction)',
        merge: 'write a Markdown bug report per failing scenario of the merged results here',
        report: 'also write a Markdown bug report per failing scenario here',
      },
      writes: { kind: 'folder' },
    },
  ],
  async prepare({ flags }) {
    const dir = textFlag(flags, 'bugReport');
    if (dir !== undefined && !dir.trim()) throw new UsageError('--bug-report needs a folder');
  },
  async write({ flags, document, results, resultsDirs }) {
    const dir = textFlag(flags, 'bugReport');
    if (!dir) return;
    await mkdir(dir, { recursive: true });
    let written = 0;
    for (const scenario of document.scenarios.filter(reportable)) {
      // A run without a results folder has its traces in memory: redacted here as trace.json would be.
      const live = results?.scenarios.find((s) => s.id === scenario.id && s.specVersion === scenario.specVersion);
      const trace = live
        ? redactValue({ topology: live.topology ?? null, exchanges: live.trace.exchanges }, redactor(secretsIn(live.trace)))
        : await traceOf(resultsDirs, scenario);
      await writeFile(join(dir, bugReportFile(scenario)), bugReportMarkdown({ client: document.client, tool: document.tool, scenario, trace }));
      written += 1;
    }
    process.stdout.write(chalk.gray(`${written} bug report(s) written to ${dir}\n`));
  },
};
