// The topology of a scenario: its servers as boxes, and the discovery URLs the client was expected to use.

/** @param {Topology | null | undefined} topology @returns {{ what: string, url: string }[]} */
function expectedDiscovery(topology) {
  /** @type {{ what: string, url: string }[]} */
  var rows = [];
  if (!topology) return rows;
  topology.resourceServers.forEach(function (rs) {
    if (rs.challengeResourceMetadata)
      rows.push({ what: 'protected resource metadata of ' + rs.id + ' (resource_metadata of the 401)', url: rs.challengeResourceMetadata });
    else
      rs.prmUrls.forEach(function (u) {
        rows.push({ what: 'protected resource metadata of ' + rs.id, url: u });
      });
  });
  topology.authorizationServers.forEach(function (as) {
    Object.entries(as.metadataUrls).forEach(function (entry) {
      var kind = entry[0],
        url = entry[1];
      if (url) rows.push({ what: 'authorization server metadata of ' + as.id + ' (' + kind + ')', url: url });
    });
  });
  return rows;
}

/** @param {Topology | null | undefined} topology */
function topologyPicture(topology) {
  if (!topology) return h('p', { text: 'No topology recorded (the scenario did not start its servers).' });
  /** A server's box: its title and the lines that have a value. @param {string} kind @param {string} title @param {Array<[string, string | undefined]>} lines */
  var box = function (kind, title, lines) {
    return h(
      'div.server.' + kind,
      null,
      h('div.server-title', { text: title }),
      h(
        'dl',
        null,
        lines
          .filter(function (l) {
            return l[1];
          })
          .map(function (l) {
            return [h('dt', { text: l[0] }), h('dd', { text: l[1] })];
          }),
      ),
    );
  };
  /** @type {Record<string, AuthorizationServer>} */
  var asById = {};
  topology.authorizationServers.forEach(function (as) {
    asById[as.id] = as;
  });
  return h(
    'div.topology',
    null,
    h(
      'div.tier',
      null,
      box('client-box', 'Client under test', [
        ['drives', 'the MCP URL below'],
        ['redirect URI', 'its own loopback callback'],
      ]),
    ),
    h('div.link', { 'aria-hidden': 'true', text: '→' }),
    h(
      'div.tier',
      null,
      topology.resourceServers.map(function (rs) {
        return box('rs', 'MCP server ' + rs.id, [
          ['origin', rs.origin],
          ['MCP endpoint', rs.mcpUrl],
          ['resource_metadata in 401', rs.challengeResourceMetadata || 'not sent'],
          ['protected resource metadata', rs.prmUrls.join('\n') || 'none'],
          ['resource', rs.resource],
          [
            'authorization_servers',
            rs.authorizationServers
              .map(function (id) {
                return asById[id] ? asById[id].issuer : id;
              })
              .join('\n'),
          ],
        ]);
      }),
    ),
    h('div.link', { 'aria-hidden': 'true', text: '→' }),
    h(
      'div.tier',
      null,
      topology.authorizationServers.map(function (as) {
        var meta = Object.values(as.metadataUrls).join('\n');
        return box('as', 'Authorization server ' + as.id, [
          ['issuer', as.issuer],
          ['metadata at', meta],
          ['authorization', as.endpoints.authorization],
          ['token', as.endpoints.token],
          ['registration', as.endpoints.registration],
        ]);
      }),
    ),
  );
}
