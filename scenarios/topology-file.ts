import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { SCENARIOS } from './catalogue/index.js';
import { CIMD_ONLY_AT_MOST_SHOULD, FLOW_CHECKS } from './catalogue/common.js';
import { CHECKS, isCheckId } from './checks/index.js';
import { SPEC_VERSIONS, type ReachPoint, type Scenario, type Topology } from './types.js';
import { hasScheme } from './urls.js';
import { closestName } from './closest-name.js';
import { extensionChecks, extensionContext } from './extension-grants.js';

// User-defined topologies (`--topology FILE`): scenarios in the catalogue's own shape, read from YAML or JSON text,
// validated against scenarios/topology-file.schema.json and then against each other (ids, references, checks).
// Every problem names the file's line and the field. Pure: the caller reads the file and compiles the schema.

/** One problem of a topology file: where it is and what is wrong. */
export interface TopologyProblem {
  line: number;
  /** The field, as a path: `scenarios[0].topology.resourceServers[0].gateway`. */
  field: string;
  message: string;
}

/** What an ajv validation error carries (ajv with `verbose: true`). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  parentSchema?: { description?: string; properties?: Record<string, unknown> };
}

/** A compiled validator of the topology file schema (ajv's ValidateFunction shape). */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export type TopologyFileResult = { ok: true; scenarios: Scenario[] } | { ok: false; problems: TopologyProblem[] };

type Segment = string | number;

function fieldName(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(the file)';
}

function pointerPath(pointer: string): Segment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The deepest YAML node on `path` (the key's node when `key` is set and the last segment is a map key). */
function nodeOn(doc: Document, path: readonly Segment[], key = false): Node | undefined {
  let node: Node | null = doc.contents;
  let found: Node | undefined = node ?? undefined;
  for (let i = 0; i < path.length && node; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) break;
      if (key && i === path.length - 1 && pair.key && typeof pair.key === 'object') return pair.key as Node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof seg === 'number') {
      node = (node.items[seg] as Node | undefined) ?? null;
    } else break;
    if (node) found = node;
  }
  return found;
}

function lineOf(doc: Document, counter: LineCounter, path: readonly Segment[], key = false): number {
  const node = nodeOn(doc, path, key);
  const offset = node?.range?.[0] ?? 0;
  return counter.linePos(offset).line;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}

/** Schema errors as problems: one per field, anyOf branches folded into the branch the value chose or one message. */
export function schemaProblems(errors: readonly SchemaError[], doc: Document, counter: LineCounter): TopologyProblem[] {
  const relevant = errors.filter((e) => e.keyword !== 'if');
  const anyOfPaths = relevant.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const under = (e: SchemaError, p: string) => e.instancePath === p || e.instancePath.startsWith(`${p}/`);
  const problems: TopologyProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: TopologyProblem) => {
    const key = `${problem.field} ${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };
  for (const e of relevant) {
    // Inside an anyOf: keep what the value's own branch says (a misspelt field of an object), else one message for the anyOf.
    const anyOf = anyOfPaths.filter((p) => under(e, p)).sort((a, b) => b.length - a.length)[0];
    if (anyOf !== undefined && e.keyword !== 'anyOf') {
      const shallow = e.instancePath === anyOf && ['type', 'enum', 'const'].includes(e.keyword);
      if (shallow) continue;
    }
    if (e.keyword === 'anyOf') {
      const inner = relevant.filter(
        (x) => x !== e && under(x, e.instancePath) && !(x.instancePath === e.instancePath && ['type', 'enum', 'const', 'anyOf'].includes(x.keyword)),
      );
      if (inner.length > 0) continue;
    }
    const path = pointerPath(e.instancePath);
    const described = e.parentSchema?.description;
    switch (e.keyword) {
      case 'additionalProperties': {
        const name = String(e.params.additionalProperty);
        const known = Object.keys(e.parentSchema?.properties ?? {});
        const suggestion = closestName(name, known);
        add({
          line: lineOf(doc, counter, [...path, name], true),
          field: fieldName([...path, name]),
          message: `unknown field${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; allowed here: ${known.join(', ')}`,
        });
        break;
      }
      case 'required': {
        const name = String(e.params.missingProperty);
        add({ line: lineOf(doc, counter, path), field: fieldName([...path, name]), message: 'required field missing' });
        break;
      }
      case 'type':
        add({
          line: lineOf(doc, counter, path),
          field: fieldName(path),
          message: `must be ${e.params.type === 'array' ? 'a list' : e.params.type === 'object' ? 'an object' : `a ${String(e.params.type)}`}, not ${typeName(e.data)} ${shown(e.data)}`,
        });
        break;
      case 'enum':
        add({
          line: lineOf(doc, counter, path),
          field: fieldName(path),
          message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, not ${shown(e.data)}`,
        });
        break;
      case 'anyOf':
        add({ line: lineOf(doc, counter, path), field: fieldName(path), message: `must be ${described ?? 'one of the allowed forms'}, not ${shown(e.data)}` });
        break;
      case 'pattern':
        add({
          line: lineOf(doc, counter, path),
          field: fieldName(path),
          message: `must be ${described ?? `a string matching ${String(e.params.pattern)}`}, not ${shown(e.data)}`,
        });
        break;
      default:
        add({ line: lineOf(doc, counter, path), field: fieldName(path), message: `${e.message ?? e.keyword}${described ? ` (${described})` : ''}` });
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * A topology whose first MCP server hands the client something it must refuse, or leaves it no way to register: the
 * right client stops there, so the checks are the catalogue's for that shape (metadata-negatives.ts,
 * `no-registration-endpoint`) instead of the flow, which no conforming client completes. A captured deployment with
 * such a shape is judged as the catalogue judges it.
 */
export function refusalOf(topology: Topology): { checks: string[]; rightStopAfter?: ReachPoint } | undefined {
  const first = topology.resourceServers[0]!;
  if (!first.prm) return undefined;
  const discovery = first.challenge.resourceMetadata ? 'prm-uses-header-url' : 'prm-well-known-order';
  const resource = first.prm.resource;
  if (typeof resource === 'object' && ('literal' in resource || resource.path !== first.mcpPath)) return { checks: [discovery, 'prm-resource-validated'] };
  const as = topology.authorizationServers.find((a) => a.id === first.prm!.authorizationServers[0]);
  if (!as) return undefined;
  if (as.advertisedIssuerPath !== undefined) return { checks: ['asm-from-authorization-server', 'asm-issuer-validated'] };
  if (hasScheme(as.endpoints.authorization)) return { checks: ['asm-from-authorization-server', 'authorization-url-scheme'] };
  if (as.omitMetadata?.includes('code_challenge_methods_supported'))
    return { checks: ['asm-from-authorization-server', 'asm-well-known-order', 'pkce-support-verified'] };
  if (!as.endpoints.registration && !as.clientIdMetadataDocuments && !as.preRegisteredClients?.length)
    return { checks: ['asm-endpoints-from-metadata', 'registration-dcr'], rightStopAfter: 'authorization-server-metadata' };
  return undefined;
}

/** The caps the catalogue puts on derived checks: an authorization server with CIMD and no registration (cimd-without-registration). */
function derivedAtMostShould(topology: Topology): Scenario['atMostShould'] {
  const first = topology.resourceServers[0]!;
  const as = topology.authorizationServers.find((a) => a.id === first.prm?.authorizationServers[0]);
  if (as?.clientIdMetadataDocuments && !as.endpoints.registration && !as.preRegisteredClients?.length)
    return { 'authorized-request': CIMD_ONLY_AT_MOST_SHOULD };
  return undefined;
}

/** 2025-03-26 had no resource parameter and no PRM: the catalogue's legacy scenarios leave those checks out. */
const LEGACY_CHECKS = [
  'legacy-discovery',
  ...FLOW_CHECKS.filter((id) => !id.startsWith('resource-parameter') && !['asm-from-authorization-server', 'asm-well-known-order'].includes(id)),
];

/**
 * The checks of a scenario whose file lists none, as the catalogue chooses them: the discovery check of the first MCP
 * server (`prm-uses-header-url` when its 401 names the metadata, `prm-well-known-order` when the client must probe;
 * `legacy-discovery` without metadata), then the flow checks; a feature with a check of its own (pre-registered
 * clients, client ID metadata documents, RFC 9207 iss, step-up scopes, expiring tokens, a forged callback, a migration,
 * several MCP servers, an Okta org server beside the issuer, DPoP) adds it.
 */
export function derivedChecks(scenario: Pick<Scenario, 'topology' | 'userAgent'>): string[] {
  const { resourceServers, authorizationServers } = scenario.topology;
  const first = resourceServers[0]!;
  if (!first.prm) return [...LEGACY_CHECKS];
  const extension = authorizationServers.find((as) => as.extensionGrants)?.extensionGrants;
  if (extension) return [...extensionChecks(extension)];
  const refusal = refusalOf(scenario.topology);
  if (refusal) return [...refusal.checks];
  const extras: string[] = [];
  const anyAs = (test: (as: Topology['authorizationServers'][number]) => boolean) => authorizationServers.some(test);
  if (anyAs((as) => as.discovery.includes('oauth-root') && as.issuerPath !== '' && as.issuerPath !== '/')) extras.push('asm-issuer-validated');
  if (anyAs((as) => (as.preRegisteredClients?.length ?? 0) > 0)) extras.push('registration-preregistered');
  if (anyAs((as) => as.clientIdMetadataDocuments === true)) extras.push('registration-cimd');
  if (anyAs((as) => as.authorizationResponseIss !== undefined)) extras.push('iss-validated');
  if (scenario.userAgent?.forgedCallbackFirst) extras.push('state-validated');
  if (scenario.userAgent?.mismatchedErrorFirst) extras.push('iss-error-not-displayed', 'iss-error-not-acted-on');
  if (resourceServers.some((rs) => rs.requiredScopes && Object.keys(rs.requiredScopes).length > 0)) extras.push('step-up', 'step-up-retry-limit');
  if (anyAs((as) => as.accessTokenUses !== undefined)) extras.push('refresh-token');
  if (anyAs((as) => as.tokenResponse !== undefined)) extras.push('token-response-accepted');
  if (anyAs((as) => as.tokenResponse?.omit?.includes('refresh_token') === true)) extras.push('refresh-token-not-assumed');
  if (resourceServers.some((rs) => rs.prm?.migrateTo?.length)) extras.push('authorization-server-binding');
  if (resourceServers.some((rs) => rs.prm?.migrateTo?.length) && anyAs((as) => (as.preRegisteredClients?.length ?? 0) > 0))
    extras.push('preregistered-credentials-bound');
  if (resourceServers.length > 1) extras.push('token-not-sent-elsewhere');
  const discovery = first.challenge.resourceMetadata ? 'prm-uses-header-url' : 'prm-well-known-order';
  // DPoP: the token travels as Authorization: DPoP, so bearer-header gives way to the DPoP checks.
  const dpop = anyAs((as) => as.dpop !== undefined);
  if (dpop) extras.push('dpop-token-request-proof', 'dpop-auth-scheme', 'dpop-fresh-proof');
  if (anyAs((as) => as.dpop?.requireNonce === true)) extras.push('dpop-as-nonce');
  if (resourceServers.some((rs) => rs.dpop?.requireNonce === true)) extras.push('dpop-rs-nonce');
  // A client offered client ID metadata documents may use them instead of registering, as the catalogue's cimd judges.
  const flow = FLOW_CHECKS.filter((id) => !(dpop && id === 'bearer-header') && !(extras.includes('registration-cimd') && id === 'registration-dcr'));
  return [...new Set([discovery, ...extras, ...flow])];
}

/** Checks the topology's references and ids that a schema cannot: each problem at its line. */
function semanticProblems(raw: Scenario[], paths: Segment[][], doc: Document, counter: LineCounter): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const at = (path: Segment[], message: string, key = false) => problems.push({ line: lineOf(doc, counter, path, key), field: fieldName(path), message });
  const ids = new Map<string, number>();
  raw.forEach((s, i) => {
    const base = paths[i]!;
    if (SCENARIOS.some((c) => c.id === s.id)) at([...base, 'id'], `'${s.id}' is a catalogue scenario's id; give yours another`);
    if (ids.has(s.id)) at([...base, 'id'], `'${s.id}' is the id of scenarios[${ids.get(s.id)}] too`);
    ids.set(s.id, i);
    const servers = new Map<string, string>();
    const serverId = (path: Segment[], id: string) => {
      if (servers.has(id)) at(path, `server id '${id}' is used twice (${servers.get(id)} and ${fieldName(path)}); ids name the servers in traces`);
      else servers.set(id, fieldName(path));
    };
    s.topology.resourceServers.forEach((rs, r) => serverId([...base, 'topology', 'resourceServers', r, 'id'], rs.id));
    s.topology.authorizationServers.forEach((as, a) => serverId([...base, 'topology', 'authorizationServers', a, 'id'], as.id));
    const asIds = s.topology.authorizationServers.map((as) => as.id);
    const rsIds = s.topology.resourceServers.map((rs) => rs.id);
    s.topology.resourceServers.forEach((rs, r) => {
      if (rs.authorizationServerMetadataCopy !== undefined && !asIds.includes(rs.authorizationServerMetadataCopy))
        at(
          [...base, 'topology', 'resourceServers', r, 'authorizationServerMetadataCopy'],
          `'${rs.authorizationServerMetadataCopy}' is not the id of an authorization server of this topology (${asIds.join(', ') || 'none'})`,
        );
      for (const list of ['authorizationServers', 'migrateTo'] as const) {
        (rs.prm?.[list] ?? []).forEach((id, k) => {
          if (!asIds.includes(id))
            at(
              [...base, 'topology', 'resourceServers', r, 'prm', list, k],
              `'${id}' is not the id of an authorization server of this topology (${asIds.join(', ') || 'none'})`,
            );
        });
      }
    });
    s.topology.authorizationServers.forEach((as, a) => {
      if (as.colocatedWith !== undefined && !rsIds.includes(as.colocatedWith)) {
        at(
          [...base, 'topology', 'authorizationServers', a, 'colocatedWith'],
          `'${as.colocatedWith}' is not the id of a resource server of this topology (${rsIds.join(', ')})`,
        );
      }
    });
    (s.checks ?? []).forEach((id, k) => {
      if (!CHECKS.has(id)) {
        const guess = closestName(id, [...CHECKS.keys()]);
        at(
          [...base, 'checks', k],
          `unknown check '${id}'${guess ? ` (did you mean '${guess}'?)` : ''}; 'mcp-oauth-conformance list --requirements' lists the checks`,
        );
      }
    });
    for (const id of Object.keys(s.atMostShould ?? {})) {
      const checks = s.checks ?? derivedChecks(s);
      if (!(isCheckId(id) && checks.includes(id))) at([...base, 'atMostShould', id], `'${id}' is not one of this scenario's checks`, true);
    }
  });
  return problems;
}

/** Pre-registered credentials the client is handed, from the first pre-registered client when the file gives no context. */
function derivedContext(topology: Topology): Record<string, string> | undefined {
  const extension = topology.authorizationServers.find((as) => as.extensionGrants)?.extensionGrants;
  if (extension) return extensionContext(extension);
  const client = topology.authorizationServers.flatMap((as) => as.preRegisteredClients ?? [])[0];
  if (!client) return undefined;
  return { client_id: client.clientId, ...(client.clientSecret ? { client_secret: client.clientSecret } : {}), token_endpoint_auth_method: client.method };
}

/**
 * Parses a topology file's text (YAML; JSON is YAML too) into catalogue-shaped scenarios: suite `core` and every
 * revision unless given, checks derived unless listed, pre-registered credentials handed over unless a context is given.
 */
export function parseTopologyText(text: string, validate: SchemaValidator): TopologyFileResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line,
        field: fieldName([]),
        message: `not valid YAML or JSON: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const data = doc.toJS() as unknown;
  if (data === null || data === undefined)
    return { ok: false, problems: [{ line: 1, field: fieldName([]), message: 'the file is empty: write one scenario, or scenarios: [...]' }] };
  if (!validate(data)) return { ok: false, problems: schemaProblems(validate.errors ?? [], doc, counter) };
  const many = typeof data === 'object' && data !== null && 'scenarios' in data;
  const raw = (many ? (data as { scenarios: Scenario[] }).scenarios : [data as Scenario]).map((s) => s);
  const paths: Segment[][] = raw.map((_, i) => (many ? ['scenarios', i] : []));
  const problems = semanticProblems(raw, paths, doc, counter);
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  const scenarios = raw.map((s): Scenario => {
    const context = s.context ?? derivedContext(s.topology);
    const rightStopAfter = s.rightStopAfter ?? (s.checks ? undefined : refusalOf(s.topology)?.rightStopAfter);
    const atMostShould = s.atMostShould ?? (s.checks ? undefined : derivedAtMostShould(s.topology));
    return {
      id: s.id,
      suite: s.suite ?? 'core',
      description: s.description,
      specVersions: s.specVersions ?? [...SPEC_VERSIONS],
      topology: s.topology,
      checks: s.checks ?? derivedChecks(s),
      ...(context ? { context } : {}),
      ...(s.userAgent ? { userAgent: s.userAgent } : {}),
      ...(atMostShould ? { atMostShould } : {}),
      ...(rightStopAfter ? { rightStopAfter } : {}),
    };
  });
  return { ok: true, scenarios };
}
