/** The query parameter the consent page's buttons add to the authorization request. */
export const CONSENT_PARAM = 'mcp_conformance_consent';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A consent page as a person sees it: who asks, for which resource and scope, and approve / deny buttons
 * that repeat the authorization request (GET, so the trace shows the approved request with its Location).
 */
export function consentPage(action: string, params: URLSearchParams, issuer: string): string {
  const hidden = [...params]
    .filter(([name]) => name !== CONSENT_PARAM)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  const row = (label: string, value: string | null) => `<tr><th>${label}</th><td><code>${escapeHtml(value ?? '(none)')}</code></td></tr>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Authorize access</title>
  <style>
    body { font: 15px/1.5 system-ui, sans-serif; background: #f4f5f7; margin: 0; }
    main { max-width: 560px; margin: 48px auto; background: #fff; border-radius: 8px; padding: 24px 32px; box-shadow: 0 1px 4px #0002; }
    h1 { font-size: 20px; margin-top: 0; }
    table { border-collapse: collapse; width: 100%; margin: 16px 0; }
    th { text-align: left; padding: 4px 12px 4px 0; white-space: nowrap; vertical-align: top; color: #555; }
    td code { word-break: break-all; }
    button { font: inherit; padding: 8px 20px; border-radius: 6px; border: 1px solid #888; cursor: pointer; margin-right: 8px; }
    #approve { background: #1f6feb; color: #fff; border-color: #1f6feb; }
  </style>
</head>
<body>
  <main>
    <h1>Authorize access</h1>
    <p>An application asks to access an MCP server on your behalf.</p>
    <table>
      ${row('Authorization server', issuer)}
      ${row('Client', params.get('client_id'))}
      ${row('Redirect URI', params.get('redirect_uri'))}
      ${row('Resource', params.get('resource'))}
      ${row('Scope', params.get('scope'))}
    </table>
    <form method="get" action="${escapeHtml(action)}">
      ${hidden}
      <button id="approve" type="submit" name="${CONSENT_PARAM}" value="approve">Approve</button>
      <button id="deny" type="submit" name="${CONSENT_PARAM}" value="deny">Deny</button>
    </form>
  </main>
</body>
</html>
`;
}
