// The shape of a requirement's text: the sentences quoted and the revisions they hold for. Its own module so the
// tables that hold quotes (requirement-quotes.ts and the per-extension ones it gathers) share it without a cycle.
import type { SpecVersion } from './types.js';

/** Revisions a quote can belong to: the three the harness judges, and 2025-03-26 where a requirement starts there. */
export type QuoteRevision = '2025-03-26' | SpecVersion;

export interface Quote {
  /** Document and section, e.g. `MCP 2025-11-25 Authorization › Authorization Code Protection`. */
  source: string;
  url: string;
  /** The sentence(s), verbatim. */
  text: string;
}

/** What makes a requirement what it is, from `from` to `until` (inclusive; no `until`: still in force). */
export interface RequirementText {
  from: QuoteRevision;
  until?: QuoteRevision;
  quotes: Quote[];
  /** Set when no sentence states the requirement at the level judged: the harness's reasoning, not a quote. */
  inference?: string;
}
