import type { ScenarioResult } from '../../reports/results.js';
import type { Scenario } from '../../scenarios/types.js';
import type { RunOptions } from './run-options.js';
import { runScenario } from './run-scenario.js';

/** Runs scenarios with at most `jobs` at once; each has its own ports and folders. Results keep the given order. */
export async function runScenarios(
  scenarios: Scenario[],
  options: RunOptions & { jobs: number; onResult?: (result: ScenarioResult) => void; stopped?: () => boolean },
): Promise<ScenarioResult[]> {
  const results = new Array<ScenarioResult | undefined>(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length && !options.stopped?.()) {
      const index = next++;
      const scenario = scenarios[index];
      if (!scenario) break;
      const result = await (options.runOne ?? runScenario)(scenario, options, { waiting: scenarios.length - next });
      results[index] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, scenarios.length)) }, worker));
  return results.filter((r): r is ScenarioResult => r !== undefined);
}
