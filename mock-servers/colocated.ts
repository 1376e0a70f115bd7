import type { RequestListener } from 'node:http';
import type { AuthorizationServerSpec } from '../scenarios/types.js';
import { hasScheme } from '../scenarios/urls.js';
import { discoveryPath } from './authorization-metadata.js';

/** The paths an authorization server answers on its origin: its discovery URLs and endpoints. */
function ownPaths(spec: AuthorizationServerSpec): Set<string> {
  const paths = new Set(spec.discovery.map((kind) => discoveryPath(kind, spec)));
  paths.add('/.well-known/jwks.json');
  for (const endpoint of Object.values(spec.endpoints)) if (endpoint && !hasScheme(endpoint)) paths.add(endpoint);
  return paths;
}

/**
 * One origin serving a resource server and an authorization server (Cloudflare's workers-oauth-provider, the
 * 2025-03-26 layout): the authorization server's own paths go to it, everything else to the resource server,
 * so each records its requests under its own id.
 */
export function colocate(resourceServer: RequestListener, authorizationServers: { spec: AuthorizationServerSpec; app: RequestListener }[]): RequestListener {
  const routes = authorizationServers.map((as) => ({ paths: ownPaths(as.spec), app: as.app }));
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const owner = routes.find((r) => r.paths.has(path));
    (owner?.app ?? resourceServer)(req, res);
  };
}
