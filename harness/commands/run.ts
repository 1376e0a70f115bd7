import { Option, type Command } from 'commander';
import { BUILT_IN_CLIENTS, REAL_CLIENTS } from '../clients/index.js';
import { ISOLATION_MODES } from '../run/isolation.js';
import { CONSENT_DECISIONS, USER_AGENT_KINDS } from '../session/environment.js';
import { writerOptions } from '../outputs/writers.js';
import { collect, driveOption, parseCount, parsePositiveInt, specOption, strictOption, suiteOption } from './options.js';
import { runAction, type RunFlags } from './run-request.js';
import { parseShard } from './shard.js';

/** `run`, the default command; its options are shown in the top-level help too. */
export function addRunCommand(program: Command): void {
  const runCommand = program
    .command('run', { isDefault: true })
    .description('drive a client through the scenarios and judge what it sent (the default command)');
  for (const option of runOptions()) runCommand.addOption(option);
  // --out, --baseline, --update-baseline, --junit, --report: the outputs' own flags (harness/outputs/writers.ts)
  const outputs = writerOptions('run');
  for (const option of outputs) runCommand.addOption(option);
  // The top-level help is what a user reads first, and `run` is what a bare invocation does: show its options there.
  program.addHelpText('after', () => {
    const options = runCommand.helpInformation().slice(runCommand.helpInformation().indexOf('Options:'));
    return `\nrun is the default command: 'mcp-oauth-conformance [options]' is 'mcp-oauth-conformance run [options]'.\nOptions of run:${options.slice('Options:'.length)}`;
  });
  runCommand.action(async (given: RunFlags) => {
    const clients = runCommand.getOptionValue('client') as string[]; // repeatable: collected into a list
    process.exitCode = await runAction(
      { ...given, client: clients[0] },
      clients,
      outputs.map((option) => option.attributeName()),
    );
  });
}

/** The options of run, in the order its help lists them. */
function runOptions(): Option[] {
  return [
    new Option(
      '--client-path <path>',
      `run this binary of the --client real client instead of installing it (${REAL_CLIENTS.map((c) => (c.name === 'sdk' ? 'for sdk: the SDK package folder' : c.name)).join(', ')})`,
    ),
    new Option(
      '--isolation <mode>',
      'auto: real clients run each scenario in a loopback-only network namespace where possible; namespace: every client, or fail; off: private folders only',
    )
      .choices(ISOLATION_MODES)
      .default('auto'),
    new Option(
      '-c, --client <client>',
      `built-in client (${BUILT_IN_CLIENTS.map((c) => c.name).join(', ')}) or a command line; default: reference. Repeatable, or all (every built-in real client at its newest version): one results subfolder and one report row per client`,
    )
      .argParser(collect)
      .default([]),
    driveOption(),
    new Option('-s, --scenario <id>', 'scenario id or glob, repeatable; default: every scenario').argParser(collect).default([]),
    suiteOption(),
    specOption(),
    strictOption(),
    new Option('--timeout <ms>', 'per-scenario client timeout in milliseconds').argParser(parsePositiveInt).default(30_000),
    new Option('-j, --jobs <n>', 'scenarios run at once (default: the cores)').argParser(parsePositiveInt),
    new Option(
      '--retries <n>',
      'run a scenario that did not pass (fail, warn, error) again, up to n more times, until it passes; one that passes on a retry is flaky',
    )
      .argParser(parseCount)
      .default(0),
    new Option('--fail-on-flaky', 'a flaky scenario fails the run (exit 1); by default it is reported and does not'),
    new Option('-v, --verbose', 'show every check, not only those that did not pass'),
    new Option('--user-agent <kind>', 'who opens the authorization URL: http (fetch, fast) or browser (a real Chromium, consent page, screenshots)')
      .choices(USER_AGENT_KINDS)
      .default('http'),
    new Option('--tls', 'serve every mock server over HTTPS with a CA generated for the run; clients get NODE_EXTRA_CA_CERTS and SSL_CERT_FILE'),
    new Option('--consent <decision>', 'what the browser answers on the consent page').choices(CONSENT_DECISIONS).default('approve'),
    new Option('--shard <i/n>', 'run the i-th of n deterministic parts of the selected scenarios').argParser(parseShard),
    new Option('--topology <file>', "scenarios of your own from a YAML or JSON file (the catalogue's shape); without --scenario only they run; repeatable")
      .argParser(collect)
      .default([]),
    new Option(
      '--versions <versions>',
      'run every version: A,B,C or a semver range ("opencode@>=1.0 <1.2"); one results subfolder and one report row per version',
    ),
  ];
}
