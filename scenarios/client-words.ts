/* eslint-disable no-control-regex -- terminal output is made of control sequences; matching them is the point */
// What a client said, reduced to the lines a maintainer would quote: its terminal output without colour codes,
// spinner frames, repeats and log noise, and the pages its redirect URI answered, as text.

/** CSI sequences that move the cursor or erase: a spinner redraws its line with them, so each starts a new frame. */
const REDRAW = /\x1b\[[0-9;?]*[A-HJKST]/g;
/** Every other escape sequence: colours and modes (CSI), titles and links (OSC), and two-character escapes. */
const ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
/** Leading decoration of a terminal line: arrows, box drawing, blocks, shapes, braille spinners, dingbats, emoji. */
const DECORATION = /^(?:[\s\u2190-\u21ff\u2500-\u25ff\u2600-\u27bf\u2800-\u28ff\u{1f300}-\u{1faff}]|\ufe0f)+/u;
/** Lines that are the package manager's or the runtime's, never the client's: npm's update notice and the like. */
const NOISE = [/^npm (notice|warn|WARN)\b/, /^New (major|minor|patch) version of npm available/i, /^To update run: npm install/i, /^\(node:\d+\) /];
/**
 * Log lines below warning level, by their level word at the start or after a timestamp (opencode's `INFO  2026-…`,
 * Claude Code's `2026-…Z [DEBUG] …`, `level=info`).
 */
const CHATTER = /^\[?\s*(INFO|DEBUG|TRACE|VERBOSE)\b|^\S*\d\S*\s+\[?(INFO|DEBUG|TRACE|VERBOSE)\]?\s|\blevel=(info|debug|trace)\b/i;
const TROUBLE =
  /\b(error|errors|err!|fatal|fail(ed|s|ure)?|exception|refused|rejected|denied|invalid|unable|cannot|can't|could not|couldn't|not found|unauthori[sz]ed|forbidden|panic|traceback|abort(ed)?|timed? ?out|missing)\b|\bHTTP [45]\d\d\b/i;
const WARNING = /\bwarn(ing)?\b/i;
const MAX_LINE = 240;

export interface OutputLine {
  text: string;
  /** How many times the line came in a row (a spinner's frames, a retry loop's message). */
  repeated: number;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A line as its repeats compare it: without decoration and the dots a spinner animates. */
function frameKey(text: string): string {
  return text.replace(/[.…]+$/, '').trim();
}

/**
 * A client's output as the lines it finally showed: escape sequences removed, a line redrawn in place (carriage
 * return, cursor moves) split into its frames, leading decoration dropped, npm's notices left out, and a line
 * repeated in a row kept once with its count (its last frame, so "flow..." after "flow.").
 */
export function outputLines(output: string): OutputLine[] {
  const lines: OutputLine[] = [];
  const text = output.replace(REDRAW, '\n').replace(ESCAPE, '').replace(/\r\n?/g, '\n');
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(DECORATION, '')
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
      .trim();
    if (!line || NOISE.some((re) => re.test(line))) continue;
    const previous = lines[lines.length - 1];
    if (previous && frameKey(previous.text) === frameKey(line)) {
      previous.repeated += 1;
      previous.text = line;
    } else lines.push({ text: line, repeated: 1 });
  }
  return lines;
}

function shown(line: OutputLine): string {
  return clip(line.text, MAX_LINE) + (line.repeated > 1 ? ` (×${line.repeated})` : '');
}

/** Words of the domain: a line of trouble that names one is about the flow, not the client's other chores. */
const ABOUT_AUTH = /\b(o?auth\w*|token|metadata|well-known|redirect|callback|authori[sz]\w*|regist\w*|scope|issuer|iss|pkce|mcp|state|consent|401|403)\b/i;

/**
 * How much a line is worth quoting: trouble about the flow, any trouble, a warning about the flow, anything else said,
 * log chatter. A warning about something else (Gemini CLI's about its terminal's colours) is only something said.
 */
function weight(line: OutputLine): number {
  if (CHATTER.test(line.text)) return 0;
  const aboutAuth = ABOUT_AUTH.test(line.text);
  if (TROUBLE.test(line.text)) return aboutAuth ? 4 : 3;
  return WARNING.test(line.text) && aboutAuth ? 2 : 1;
}

export interface QuotedLine<Source extends string = string> {
  source: Source;
  text: string;
}

/**
 * The lines worth quoting from a client's output streams: the last `count` of the weightiest kind found in any of
 * them (trouble that names the flow, else any trouble, else warnings about the flow, else the last lines that are not log chatter,
 * else the last lines at all), in stream order. Empty when the output held nothing but decoration and notices.
 */
export function quotableLines<Source extends string>(streams: { source: Source; text: string }[], count = 3): QuotedLine<Source>[] {
  const weighed = streams.flatMap(({ source, text }) => outputLines(text).map((line) => ({ source, line, weight: weight(line) })));
  const top = Math.max(0, ...weighed.map((w) => w.weight));
  return weighed
    .filter((w) => w.weight === top)
    .slice(-count)
    .map((w) => ({ source: w.source, text: shown(w.line) }));
}

/** One stream's quotable lines joined for one line of a reason, or `(nothing)`. */
export function quotedOutput(output: string, count = 3): string {
  const lines = quotableLines([{ source: 'output', text: output }], count);
  return lines.length ? lines.map((l) => l.text).join(' | ') : '(nothing)';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A response body as sentences: an HTML page reduced to its visible text (styles, scripts and tags removed, each
 * block a sentence, entities decoded), its title kept only when the text does not say it already; any other body
 * with its white space folded.
 */
export function bodyText(body: string, max = 300): string {
  if (!/<[a-z!/][^>]*>/i.test(body)) return clip(body.replace(/\s+/g, ' ').trim(), max);
  const fold = (text: string) => decodeEntities(text).replace(/\s+/g, ' ').trim();
  const title = fold(body.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '');
  const blocks = body
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<(script|style|template|noscript)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(p|div|h[1-6]|li|tr|section|article|header|footer|main|pre|blockquote)\b[^>]*>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .split('\n')
    .map(fold)
    .filter(Boolean);
  const visible = blocks.map((b) => (/[.!?:;]$/.test(b) ? b : `${b}.`)).join(' ');
  const titleSaid = !title || blocks.some((b) => title.endsWith(b) || b.includes(title));
  return clip(titleSaid ? visible || title : `${title}: ${visible}`, max);
}
