import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { judgedRevisions } from '../../reports/results.js';
import { SPEC_SNAPSHOT } from '../../scenarios/requirement-quotes.js';
import { cell, code, countsLine, scenarioBlock, textsAppendix, verdictCell, type Cited } from './markdown.js';
import {
  clientBase,
  command,
  count,
  counted,
  exitCode,
  previews,
  protocolVersions,
  shownPath,
  versionOf,
  type LoadedRun,
  type ResultsScenario,
} from './runs.js';
import { midSessionLines } from './session.js';

// The whole of docs/client-verdicts.md: the summary table, a section per client, before/after tables, the appendix.

function clientTitle(run: LoadedRun): string {
  const drive = run.results?.client.drive;
  const name = `${run.results?.client.name ?? run.run?.client ?? run.label}${drive ? ` (--drive ${drive})` : ''}`;
  return `${name} (${code(run.label)})`;
}

function clientSection(run: LoadedRun, cited: Cited, before?: LoadedRun): string[] {
  const lines = [`## ${clientTitle(run)}`, ''];
  const results = run.results;
  lines.push('| | |', '| --- | --- |', `| command | ${code(command(run))} |`);
  if (run.run) lines.push(`| wall time | ${run.run.wallSeconds} s (started ${run.run.startedAt}) |`);
  if (!results) {
    const exit = run.run ? `exit code ${run.run.exitCode}` : 'never run';
    lines.push(`| results | none (${run.problem}; ${exit}): see ${code(shownPath(join(run.dir, '..', `${run.label}.log`)))} |`, '');
    return lines;
  }
  const name = results.client.name;
  const revisions = judgedRevisions(results.scenarios);
  const protocol = protocolVersions(run);
  const exit = exitCode(run);
  lines.push(
    `| client | ${cell(name)}${results.client.description ? ` — ${cell(results.client.description)}` : ''} |`,
    `| version | ${versionOf(name) ?? '(not in the client name)'} |`,
    `| revision judged | ${revisions.join(', ')}${revisions.length === 1 && revisions[0] === results.specVersion ? '' : ` (run: --spec-version ${results.specVersion})`} |`,
    `| protocol version sent in initialize | ${protocol.versions.length ? protocol.versions.join(', ') : 'none seen'}${protocol.fromTrace ? ' (read from the traces)' : ''} |`,
    `| scenarios | ${countsLine(count(counted(run)))}${previews(run).length ? `; previews ${countsLine(count(previews(run)))}` : ''} |`,
    `| exit code | ${exit.code}${exit.recorded ? '' : ' (computed from the scenarios)'}${results.strict ? ' (--strict: interop and backcompat failures count)' : ''} |`,
    `| results | ${code(shownPath(run.dir))}${results.startedAt ? `, started ${results.startedAt}` : ''}${results.partial ? ', **partial** (interrupted)' : ''} |`,
    '',
  );
  lines.push(...midSessionLines(run));
  const notPassing = counted(run).filter((s) => s.status !== 'pass');
  lines.push(`### Not passing (${notPassing.length})`, '');
  if (notPassing.length === 0) lines.push('Every scenario passed.', '');
  for (const s of notPassing) lines.push(...scenarioBlock(run, s, cited));
  const preview = previews(run);
  if (preview.length) {
    const previewNotPassing = preview.filter((s) => s.status !== 'pass');
    const revisionsAhead = [...new Set(preview.map((s) => s.specVersion))].join(', ');
    lines.push(`### Ready for ${revisionsAhead}? (previews, not counted in the exit code)`, '');
    lines.push(`${preview.length} scenario(s) judged at a newer revision than the client speaks: ${countsLine(count(preview))}.`, '');
    for (const s of previewNotPassing) lines.push(...scenarioBlock(run, s, cited));
  }
  if (before) lines.push(...beforeAfter(before, run));
  return lines;
}

const signature = (s: ResultsScenario | undefined) =>
  s
    ? `${s.status}|${s.checks
        .filter((c) => c.status === 'fail' || c.status === 'warn')
        .map((c) => `${c.id}:${c.status}`)
        .sort()
        .join(',')}`
    : 'absent';

function beforeAfter(before: LoadedRun, after: LoadedRun): string[] {
  const lines = ['### Before / after', ''];
  if (!before.results) {
    lines.push(`Before: ${code(shownPath(before.dir))} has no results (${before.problem}).`, '');
    return lines;
  }
  const b = before.results;
  const a = after.results!;
  lines.push(
    `Before: ${code(shownPath(before.dir))} (${b.client.name}, ${countsLine(count(counted(before)))}). After: ${code(shownPath(after.dir))} (${a.client.name}, ${countsLine(count(counted(after)))}).`,
    '',
  );
  const ids = [...new Set([...a.scenarios.map((s) => s.id), ...b.scenarios.map((s) => s.id)])];
  const rows = ids.map((id) => {
    const was = b.scenarios.find((s) => s.id === id);
    const now = a.scenarios.find((s) => s.id === id);
    const changed = signature(was) !== signature(now) || was?.specVersion !== now?.specVersion;
    return { id, was, now, changed };
  });
  lines.push(`${rows.filter((r) => r.changed).length} of ${rows.length} scenario(s) changed.`, '');
  lines.push('| scenario | before | after | |', '| --- | --- | --- | --- |');
  for (const r of rows) {
    lines.push(`| ${code(r.id)} | ${verdictCell(r.was, b.specVersion)} | ${verdictCell(r.now, a.specVersion)} | ${r.changed ? '**changed**' : ''} |`);
  }
  lines.push('');
  return lines;
}

/** The before run matching an after run: the same label, else the same client (name without version). */
export function matchBefore(after: LoadedRun, befores: readonly LoadedRun[]): LoadedRun | undefined {
  const byLabel = befores.find((b) => b.label === after.label);
  if (byLabel) return byLabel;
  const name = after.results?.client.name;
  return name
    ? (befores.find((b) => b.results && b.results.client.name === name) ??
        befores.find((b) => b.results && clientBase(b.results.client.name) === clientBase(name)))
    : undefined;
}

/** The whole of docs/client-verdicts.md. */
export function renderVerdicts(runs: readonly LoadedRun[], befores: readonly LoadedRun[] = []): string {
  const lines = [
    '# Client verdicts',
    '',
    '<!-- Generated by `npm run verdicts` (scripts/client-verdicts.ts) from results folders; do not edit by hand. -->',
    '',
    'For each client: the command run, its version, the revision judged, the counts, and every scenario that did not',
    'pass: each failed check with its level at the revision judged, the sentence of the specification that makes it a',
    "MUST or SHOULD (or, where the level is the harness's own inference, that reasoning and the nearest text), and the",
    "requests that violated it (the check's message, then the evidence exchanges of the trace by sequence number).",
    `Quotes: scenarios/requirement-quotes.ts (MCP texts of ${SPEC_SNAPSHOT}; RFC texts as published).`,
    '',
    '## Summary',
    '',
    `| client | label | revision judged | scenarios | pass | warn | fail | skip | error | previews | exit code |${befores.length ? ' before: pass / warn / fail |' : ''}`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |${befores.length ? ' --- |' : ''}`,
  ];
  for (const run of runs) {
    const before = befores.length ? matchBefore(run, befores) : undefined;
    const beforeCell = befores.length
      ? before?.results
        ? ` ${(({ pass, warn, fail }) => `${pass} / ${warn} / ${fail}`)(count(counted(before)))} |`
        : ' — |'
      : '';
    if (!run.results) {
      lines.push(
        `| ${cell(run.run?.client ?? run.label)} | ${code(run.label)} | — | no results (${run.problem}) | | | | | | | ${run.run?.exitCode ?? '—'} |${beforeCell}`,
      );
      continue;
    }
    const c = count(counted(run));
    const revisions = judgedRevisions(run.results.scenarios);
    lines.push(
      `| ${cell(run.results.client.name)}${run.results.client.drive ? ` (${run.results.client.drive})` : ''} | ${code(run.label)} | ${revisions.join(', ')} | ${c.total} | ${c.pass} | ${c.warn} | ${c.fail} | ${c.skip} | ${c.error} | ${previews(run).length} | ${exitCode(run).code} |${beforeCell}`,
    );
  }
  lines.push('');
  const cited: Cited = new Map();
  for (const run of runs) lines.push(...clientSection(run, cited, befores.length ? matchBefore(run, befores) : undefined));
  lines.push(...textsAppendix(cited));
  return `${withoutMachinePaths(
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd(),
  )}\n`;
}

/**
 * The document names no folder of the machine that wrote it: what clients said and reasons quote their workspaces
 * (below the temporary folder) and sometimes the repository or the home folder.
 */
function withoutMachinePaths(text: string): string {
  const roots: [string, string][] = [
    [PACKAGE_ROOT, '.'],
    [tmpdir(), '$TMPDIR'],
    [homedir(), '~'],
  ];
  return roots.reduce((out, [root, shown]) => (root.length > 1 ? out.split(`${root}/`).join(`${shown}/`) : out), text);
}
