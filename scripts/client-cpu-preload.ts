// Loaded into each client program the bench runs under either harness (node --import): at exit, writes the process's
// own CPU time (microseconds) and the scenario it was run for (MCP_CONFORMANCE_SCENARIO, the official name under both
// harnesses) to BENCH_CLIENT_CPU_DIR/<pid>.json, so the clients' share of a run is measured per side and per scenario.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_CLIENT_CPU_DIR;
if (dir) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ user, system, scenario: process.env.MCP_CONFORMANCE_SCENARIO ?? null }));
  });
}
