// The part of oidc-provider (a certified OpenID provider library; it ships no types) the test deployment uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    AccessToken: { find(token: string): Promise<{ clientId?: string; scope?: string; exp?: number; aud?: string | string[] } | undefined> };
  }
}
