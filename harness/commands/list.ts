import type { Command } from 'commander';
import chalk from 'chalk';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { CHECKS } from '../../scenarios/checks/index.js';
import { requirementCoverage } from '../../scenarios/coverage.js';
import { SUITES, type Suite } from '../../scenarios/types.js';
import { BUILT_IN_CLIENTS, REAL_CLIENTS } from '../clients/index.js';
import { listTopology, loadTopologyFiles } from '../topology-file.js';
import { collect } from './options.js';

export function addListCommand(program: Command): void {
  program
    .command('list')
    .description('list scenarios (with the requirements they cover) and built-in clients')
    .option('--requirements', 'list every requirement with the checks and scenarios that cover it')
    .option('--topology <file>', 'list the scenarios of this topology file instead: what --topology FILE would run; repeatable', collect, [])
    .action(list);
}

const SUITE_MEANING: Record<Suite, string> = {
  core: "the specification's nominal topologies",
  providers: "real identity providers' shapes the discovery rules must handle",
  security: 'negatives: documents and responses the client must refuse',
  interop: 'server quirks beyond the specification: failures are warnings unless --strict',
  backcompat: 'the optional 2025-03-26 fallbacks: failures are warnings unless --strict',
  extensions: 'the authorization extensions (client credentials, enterprise-managed, DPoP, workload identity): a client without one is skipped',
};

async function list(options: { requirements?: boolean; topology: string[] }): Promise<void> {
  if (options.topology.length > 0) return listTopology(await loadTopologyFiles(options.topology), options.topology);
  if (options.requirements) return listRequirements();
  listScenarios();
  listClients();
}

function listRequirements(): void {
  // Covered means judged: a scenario of some revision runs a check naming the requirement, and the check applies there.
  const coverage = requirementCoverage();
  for (const { requirement: req, checks, scenarios, judgedAt, unjudgedAt, uncovered } of coverage) {
    const mark = uncovered ? chalk.red('✘ uncovered') : chalk.green('✔');
    const where = uncovered ? '' : `; judged at ${judgedAt.join(', ')}${unjudgedAt.length ? ` (not ${unjudgedAt.join(', ')})` : ''}`;
    process.stdout.write(`${mark} ${chalk.bold(req.id)} ${req.level} ${req.summary}\n`);
    process.stdout.write(
      chalk.gray(`    checks: ${checks.map((c) => c.id).join(', ') || '-'}; scenarios: ${scenarios.map((s) => s.id).join(', ') || '-'}${where}\n`),
    );
  }
  const uncovered = coverage.filter((c) => c.uncovered).map((c) => c.requirement.id);
  process.stdout.write(
    `${coverage.length} requirements, ${uncovered.length ? chalk.red(`${uncovered.length} uncovered: ${uncovered.join(', ')}`) : chalk.green('none uncovered')}\n`,
  );
}

function listScenarios(): void {
  for (const suite of SUITES) {
    const members = SCENARIOS.filter((s) => s.suite === suite);
    process.stdout.write(chalk.bold(`Suite ${suite}`) + chalk.gray(` (${members.length} scenarios; ${SUITE_MEANING[suite]})\n`));
    for (const s of members) {
      const requirements = [...new Set(s.checks.flatMap((id) => CHECKS.get(id)?.requirements ?? []))];
      process.stdout.write(`  ${chalk.bold(s.id)}  ${s.description}\n`);
      process.stdout.write(chalk.gray(`      specs: ${s.specVersions.join(', ')}; requirements: ${requirements.join(', ')}\n`));
    }
  }
}

function listClients(): void {
  process.stdout.write(chalk.bold('\nBuilt-in clients\n'));
  for (const c of BUILT_IN_CLIENTS) {
    process.stdout.write(`  ${chalk.bold(c.name)}  ${c.description}\n`);
    const drives = REAL_CLIENTS.find((r) => r.name === c.name)?.drives ?? [];
    for (const [i, drive] of drives.entries()) {
      const what = REAL_CLIENTS.find((r) => r.name === c.name)?.driveDescriptions?.[drive] ?? '';
      process.stdout.write(chalk.gray(`      --drive ${drive}${i === 0 ? ' (default)' : ''}: ${what}\n`));
    }
  }
  process.stdout.write(chalk.gray('  (any other --client value is a command; the MCP server URL is appended or replaces {url})\n'));
}
