import { Option, type Command } from 'commander';
import { collect, parsePositiveInt } from './options.js';

export function addCaptureCommand(program: Command): void {
  program
    .command('capture')
    .description(
      "read a live MCP deployment's discovery (GETs and one unauthenticated initialize; never registers, authorizes or sends a credential) and write a topology file that replays it on loopback",
    )
    .argument('<mcp-url>', "the MCP server's URL")
    .option('-o, --out <file>', 'the topology file to write; default: the host, e.g. mcp.example.com.yaml')
    .option('--id <id>', "the scenario's id in the file; default: captured-<host>")
    .option('-H, --header <line>', "'Name: value' sent with every request (e.g. a gateway's API key); never printed or written; repeatable", collect, [])
    .option('--ca <file>', 'PEM certificates to trust besides the system ones (a private CA)')
    .addOption(new Option('--timeout <ms>', 'per request; the whole capture gets four times this').argParser(parsePositiveInt).default(10_000))
    .addOption(new Option('--max-requests <n>', 'requests in all, redirect hops included').argParser(parsePositiveInt).default(40))
    .action(async (url: string, flags: { out?: string; id?: string; header: string[]; ca?: string; timeout: number; maxRequests: number }) => {
      // Loaded when used: a plain run does not pay for it (docs/benchmarks.md).
      process.exitCode = await (await import('../capture/command.js')).captureCommand(url, flags);
    });
}
