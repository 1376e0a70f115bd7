import { parse } from 'shell-quote';
import { ClientSpecError, type ClientAdapter } from './types.js';

const URL_PLACEHOLDER = '{url}';

/** Splits a client command line with shell quoting; operators, globs and substitutions are refused. */
export function parseCommandLine(commandLine: string): [command: string, ...args: string[]] {
  const words: string[] = [];
  for (const entry of parse(commandLine, (name) => `$${name}`)) {
    if (typeof entry !== 'string') {
      throw new ClientSpecError(
        `the client command "${commandLine}" contains shell syntax (${JSON.stringify(entry)}); put the pipeline in a script and pass the script`,
      );
    }
    words.push(entry);
  }
  const [command, ...args] = words;
  if (command === undefined) throw new ClientSpecError('the client command is empty');
  return [command, ...args];
}

/**
 * Any command that takes the MCP server URL: the official conformance suite's contract. The URL replaces a
 * `{url}` placeholder, or is appended as the last argument.
 */
export function commandClient(commandLine: string): ClientAdapter {
  const [command, ...args] = parseCommandLine(commandLine);
  return {
    name: commandLine,
    description: 'command under test',
    // A command runs where the user invoked the harness, so relative paths in it work; HOME, XDG and
    // TMPDIR still point at the run's private folders.
    plan: ({ mcpUrl, env }) => {
      const hasPlaceholder = args.some((a) => a.includes(URL_PLACEHOLDER));
      const finalArgs = hasPlaceholder ? args.map((a) => a.split(URL_PLACEHOLDER).join(mcpUrl)) : [...args, mcpUrl];
      return { command, args: finalArgs, env, cwd: process.cwd() };
    },
  };
}
