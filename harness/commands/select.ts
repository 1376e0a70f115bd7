import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { didYouMean } from '../../scenarios/closest-name.js';
import type { Scenario, Suite } from '../../scenarios/types.js';
import { UsageError } from '../usage-error.js';

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * Scenarios named by --scenario (exact ids or globs) and --suite, in catalogue order. Every revision's scenarios are
 * selected: one that does not belong to the revision a client is judged at runs as a preview of a newer revision.
 */
export function selectScenarios(patterns: string[], suites: Suite[] = [], fromFiles: readonly Scenario[] = []): Scenario[] {
  // With --topology files and no --scenario, the files' scenarios; --scenario selects among the catalogue's and theirs.
  const pool = patterns.length === 0 && fromFiles.length > 0 ? fromFiles : [...SCENARIOS, ...fromFiles];
  const inSuites = suites.length === 0 ? pool : pool.filter((s) => suites.includes(s.suite));
  if (patterns.length === 0) return [...inSuites];
  const selected = new Set<Scenario>();
  for (const pattern of patterns) {
    const regex = globToRegExp(pattern);
    const matches = pool.filter((s) => regex.test(s.id));
    if (matches.length === 0) {
      const hint = /[*?]/.test(pattern)
        ? ''
        : didYouMean(
            pattern,
            pool.map((s) => s.id),
          );
      throw new UsageError(`unknown scenario '${pattern}'${hint}; run 'mcp-oauth-conformance list' to see the scenarios`);
    }
    const fitting = matches.filter((s) => inSuites.includes(s));
    if (fitting.length === 0) {
      throw new UsageError(`scenario '${pattern}' is in suite ${[...new Set(matches.map((s) => s.suite))].join(', ')}, not in --suite ${suites.join(', ')}`);
    }
    for (const s of fitting) selected.add(s);
  }
  return inSuites.filter((s) => selected.has(s));
}
