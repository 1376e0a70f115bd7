import type { ScenarioResult } from '../reports/results.js';

/**
 * Scenarios in flight register here how to give up what they have recorded so far, so Ctrl-C or SIGTERM keeps their
 * traffic and output (status `interrupted`) instead of dropping it. The run then ends everything through cleanup.ts.
 */
export type Interruption = (signal: NodeJS.Signals) => Promise<ScenarioResult>;

const inFlight = new Set<Interruption>();

/** Registers a scenario in flight; returns the unregister function for when it has finished. */
export function onInterrupt(interruption: Interruption): () => void {
  inFlight.add(interruption);
  return () => inFlight.delete(interruption);
}

/**
 * Asks every scenario in flight for its partial result. Called before cleanupAll (harness/cleanup.ts): each
 * interruption starts at once and may wait for that cleanup (which ends the clients) to complete its result.
 */
export function interruptAll(signal: NodeJS.Signals): Promise<ScenarioResult[]> {
  const pending = [...inFlight];
  inFlight.clear();
  return Promise.all(pending.map((interruption) => interruption(signal)));
}

/** The `reason` of an interrupted scenario. */
export function interruptedReason(signal: NodeJS.Signals, elapsedMs: number): string {
  return `interrupted by ${signal} ${(elapsedMs / 1000).toFixed(1)} s into the scenario: its traffic and output so far are kept, nothing was judged`;
}
