// Loaded into a harness process by the bench (node --import): at exit, writes the process's own CPU time (user and
// system, microseconds; its clients excluded, they are other processes) to the file BENCH_CPU_FILE names.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ user, system }));
  });
}
