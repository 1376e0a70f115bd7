import { parse } from 'shell-quote';
import { didYouMean } from '../../scenarios/closest-name.js';
import { findCommand, notRunnable } from './executable.js';
import { ClientSpecError, type ClientAdapter, type Drive } from './types.js';

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
 * `{url}` placeholder, or is appended as the last argument. With `--drive agent` the scripted model server runs
 * too, and the command finds it in MCP_CONFORMANCE_MODEL_URL (an agent of one's own, configured by a script); with
 * `--drive auto` only for the scenarios whose verdict needs the session, and the others run without the variable.
 */
export function commandClient(commandLine: string, drive?: Drive, builtInNames: readonly string[] = []): ClientAdapter {
  const [command, ...args] = parseCommandLine(commandLine);
  if (drive === 'login')
    throw new ClientSpecError(
      '--drive login: a command client runs as given; only --drive agent or auto (a model server beside it, always or where the scenario needs it) applies',
    );
  return {
    name: commandLine,
    description: 'command under test',
    // A command that cannot start is a typo in the set-up, not a client that failed every check.
    async prepare() {
      if (findCommand(command)) return;
      if (command.includes('/')) throw new ClientSpecError(`--client ${command}: ${notRunnable(command)}; give the path of a program that runs`);
      const guess = args.length === 0 ? didYouMean(command, builtInNames) : '';
      throw new ClientSpecError(
        guess
          ? `unknown client '${command}'${guess}: not a built-in client (${builtInNames.join(', ')}) nor a command on PATH`
          : `--client: command '${command}' is not on PATH; give its full path, or a built-in client (${builtInNames.join(', ')})`,
      );
    },
    ...(drive ? { drive, spec: () => ({ client: commandLine, drive }) } : {}),
    // A command runs where the user invoked the harness, so relative paths in it work; HOME, XDG and
    // TMPDIR still point at the run's private folders.
    plan: ({ mcpUrl, env, model }) => {
      const hasPlaceholder = args.some((a) => a.includes(URL_PLACEHOLDER));
      const finalArgs = hasPlaceholder ? args.map((a) => a.split(URL_PLACEHOLDER).join(mcpUrl)) : [...args, mcpUrl];
      return {
        command,
        args: finalArgs,
        env: model ? { ...env, MCP_CONFORMANCE_MODEL_URL: model.origin, MCP_CONFORMANCE_MODEL: model.name } : env,
        cwd: process.cwd(),
      };
    },
  };
}
