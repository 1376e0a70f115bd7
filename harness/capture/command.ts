import { readFile, writeFile } from 'node:fs/promises';
import chalk from 'chalk';
import { Document, isMap, isNode, isScalar } from 'yaml';
import { discoveryAccount, serverFindings } from '../../scenarios/captured-findings.js';
import { capturedScenario, type ValueComment } from '../../scenarios/captured-topology.js';
import { parseTopologyFile } from '../topology-file.js';
import { CaptureError, CaptureHttp, DEFAULT_LIMITS } from './http.js';
import { captureDeployment } from './probe.js';

export interface CaptureFlags {
  out?: string;
  id?: string;
  header: string[];
  ca?: string;
  timeout: number;
  maxRequests: number;
}

/** `Name: value` of `--header`, refused when it is not a header line. */
function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!match) throw new CaptureError(`--header '${line.split(':')[0]}…' is not 'Name: value'`);
    headers[match[1]!.toLowerCase()] = match[2]!;
  }
  return headers;
}

function mcpUrlOf(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CaptureError(`${text} is not a URL: give the MCP server's URL, e.g. https://mcp.example.com/mcp`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CaptureError(`${text} is not an http(s) URL`);
  if (url.username || url.password) throw new CaptureError('the URL carries credentials; pass them with --header instead');
  return url;
}

/** The file a capture writes by default: the host, made a file name. */
export function defaultCaptureFile(url: URL): string {
  return `${url.host.replace(/[^A-Za-z0-9.-]+/g, '-')}.yaml`;
}

/** The YAML of a captured scenario, with each comment before the value it explains. */
function captureYaml(scenario: object, comments: ValueComment[], header: string): string {
  const doc = new Document({ scenarios: [scenario] });
  for (const { path, text } of comments) {
    const full = ['scenarios', 0, ...path];
    const parent = doc.getIn(full.slice(0, -1), true);
    const key = full.at(-1);
    const pair = isMap(parent) ? parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key) : undefined;
    const target = pair ? (pair.key = doc.createNode(key)) : doc.getIn(full, true);
    if (isNode(target)) target.commentBefore = target.commentBefore ? `${target.commentBefore}\n ${text}` : ` ${text}`;
  }
  doc.commentBefore = header
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** `capture <mcp-url>`: reads a live deployment, writes a topology file that replays it, prints what clients find. */
export async function captureCommand(target: string, flags: CaptureFlags): Promise<number> {
  const url = mcpUrlOf(target);
  const headers = parseHeaders(flags.header);
  const ca = flags.ca
    ? await readFile(flags.ca, 'utf8').catch((error: Error) => Promise.reject(new CaptureError(`--ca ${flags.ca}: ${error.message}`)))
    : undefined;
  const out = flags.out ?? defaultCaptureFile(url);
  const limits = { ...DEFAULT_LIMITS, timeoutMs: flags.timeout, maxRequests: flags.maxRequests };
  const http = new CaptureHttp(limits, headers, ca);
  const say = (line = '') => process.stdout.write(`${line}\n`);
  // The whole capture is bounded too: a server that answers every request just before its timeout cannot hold it for ever.
  const overallMs = limits.timeoutMs * 4;
  let timer: NodeJS.Timeout | undefined;
  try {
    const capture = await Promise.race([
      captureDeployment(http, url.href),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CaptureError(`the capture took longer than ${overallMs} ms; it stops there`)), overallMs);
      }),
    ]);
    const capturedAt = new Date().toISOString().slice(0, 10);
    const { scenario, comments } = capturedScenario(capture, capturedAt, flags.id);
    const { checks: _derived, ...written } = scenario;
    const posts = http.sent.filter((r) => r.method !== 'GET').length;
    const header = [
      `Captured from ${url.href} on ${capturedAt} by mcp-oauth-conformance capture: ${http.sent.length} request(s), ${posts} POST (an unauthenticated initialize), the rest GET.`,
      'The replica runs on loopback; the live URLs appear only in these comments. Checks are derived as for the catalogue.',
      `  npx mcp-oauth-conformance --topology ${out} --client all --report report/`,
    ].join('\n');
    const yaml = captureYaml(written, comments, header);
    parseTopologyFile(out, yaml); // what is written must load: a capture the vocabulary cannot express is a bug here
    await writeFile(out, yaml).catch((error: Error) => Promise.reject(new CaptureError(`cannot write ${out}: ${error.message}`)));

    say(chalk.bold(`captured ${url.href}`) + chalk.gray(` in ${http.sent.length} request(s): GET, and one POST initialize without a token`));
    say(chalk.bold('\nWhat a client following each revision finds:'));
    for (const line of discoveryAccount(capture)) say(`  ${line}`);
    const findings = serverFindings(capture);
    say(chalk.bold(`\nServer-side findings: ${findings.length ? '' : 'none'}`));
    for (const f of findings)
      say(`  ${f.severity === 'breaks' ? chalk.red('✘ breaks clients') : chalk.yellow('· note')}: ${f.text}\n    ${chalk.gray(f.cite)}`);
    say(`\nwritten ${chalk.bold(out)} (scenario ${scenario.id}); which clients break on it:`);
    say(`  npx mcp-oauth-conformance --topology ${out} --client all --report report/`);
    return 0;
  } finally {
    clearTimeout(timer);
    await http.close();
  }
}
