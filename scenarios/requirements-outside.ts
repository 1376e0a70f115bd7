// Client requirements of the project's requirement digest (shared/reference/spec-requirements.md) that the
// requirements catalogue does not carry, each with why no check judges it from recorded traffic. Data only: the
// requirement matrix lists those still absent from scenarios/requirements.ts, so one that gains a check drops out.

export interface RequirementOutside {
  id: string;
  summary: string;
  why: string;
}

export const REQUIREMENTS_OUTSIDE_THE_CATALOGUE: RequirementOutside[] = [
  {
    id: 'PRM-3',
    summary: 'Fetch protected resource metadata with GET, the well-known suffix inserted between host and path.',
    why: 'judged through prm-well-known-order and prm-uses-header-url, whose expected URLs are built by RFC 9728 §3.1 insertion (scenarios/well-known.ts); not a separate check',
  },
  {
    id: 'PRM-5',
    summary: 'With several authorization_servers, the client selects one (no algorithm is specified).',
    why: 'nothing to judge beyond "one of the listed servers": asm-from-authorization-server fails a client that fetches metadata from any other',
  },
  {
    id: 'ASM-4',
    summary: '2025-03-26 legacy: without PRM, metadata at the MCP origin, then /authorize, /token, /register there.',
    why: 'the harness judges 2025-06-18 and later; the legacy fallback has no scenario yet (official auth/2025-03-26-*)',
  },
  {
    id: 'REG-2',
    summary: 'Dynamic client registration: SHOULD (2025-03-26, 2025-06-18), MAY (2025-11-25), deprecated (2026-07-28).',
    why: 'a level, not a behaviour: registration-dcr judges the registration itself, at SHOULD',
  },
  {
    id: 'TOK-4',
    summary: 'Store tokens securely.',
    why: 'not visible in HTTP traffic; the harness only proves that no secret reaches its own output (tests/e2e/secrets.test.ts)',
  },
  {
    id: 'SEC-1',
    summary: 'Authorization server endpoints use HTTPS (loopback redirect URIs excepted).',
    why: 'the catalogue serves http on loopback, as the official suite does; `--tls` serves HTTPS with a per-run CA and reports refused handshakes, but no check judges a client that accepts http',
  },
  {
    id: 'SEC-3',
    summary: 'SSRF precautions when fetching PRM, AS and CIMD URLs.',
    why: 'every server of a scenario is on loopback by construction (nothing may leave the machine), so a client blocking private addresses could not run the catalogue at all',
  },
  {
    id: 'SEC-4',
    summary: 'Verify TLS certificates.',
    why: "observable only with `--tls` (a certificate from an untrusted CA is refused by a conformant client); reported as the run's TLS errors, not judged by a check",
  },
];
