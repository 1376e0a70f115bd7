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

/**
 * Discovery, expected vs requested: the well-known URLs this topology answers (requested or not), beside the ones the
 * client requested, in order (a violation marked, a redirect hop said to be one).
 * @param {{ exchanges: Exchange[], expected: { what: string, url: string }[], expectedUrls: Set<string>, flagged: Flagged }} v
 */
function discoveryBlock(v) {
  var exchanges = v.exchanges;
  var expected = v.expected;
  var expectedUrls = v.expectedUrls;
  var flagged = v.flagged;
  var requested = exchanges.filter(function (ex) {
    return ex.from === 'client' && ex.url.indexOf('/.well-known/') >= 0;
  });
  return h(
    'div.discovery',
    null,
    h(
      'div',
      null,
      h('h3', { text: 'Expected (discovery URLs this topology answers)' }),
      expected.length
        ? h(
            'ul.urls',
            null,
            expected.map(function (e) {
              var asked = requested.some(function (ex) {
                return ex.url === e.url;
              });
              return h(
                'li',
                { class: asked ? 'hit' : 'missed' },
                h('span.mark', { text: asked ? '✔ ' : '✘ never requested ' }),
                h('code', { text: e.url }),
                h('div.what', { text: e.what }),
              );
            }),
          )
        : h('p', { text: 'No topology recorded.' }),
    ),
    h(
      'div',
      null,
      h('h3', { text: 'Requested by the client (in order)' }),
      requested.length
        ? h(
            'ul.urls',
            null,
            requested.map(function (ex) {
              var ok = expectedUrls.has(ex.url);
              var violation = flagged.fail.has(ex.seq);
              var hop = isHop(ex);
              return h(
                'li',
                { class: (violation ? 'violation' : ok ? 'hit' : 'other') + (hop ? ' hop' : '') },
                h('span.mark', { text: (hop ? '↪ ' : ok ? '✔ ' : '✘ ') + '#' + ex.seq + ' ' + ex.method + ' ' }),
                violation ? h('mark.wrong', { text: ex.url }) : h('code', { text: ex.url }),
                h('div.what', {
                  text:
                    'answered ' +
                    ex.status +
                    (hop ? ' · ' + hopLabel(ex).slice(2) + ', not a URL the client chose' : ok ? '' : ' · not a discovery URL of this topology'),
                }),
              );
            }),
          )
        : h('p', { text: 'The client requested no well-known URL.' }),
    ),
  );
}
