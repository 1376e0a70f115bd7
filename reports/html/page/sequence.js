// The requests of a scenario: the sequence diagram (a lifeline per party, an arrow per request, redirect hops and
// violations marked) and each request's details below it.

/** @param {TraceView} trace */
function partiesOf(trace) {
  /** @type {Party[]} */
  var parties = [{ key: 'client', label: 'Client', sub: 'under test' }];
  var topo = trace.topology || { resourceServers: [], authorizationServers: [] };
  topo.resourceServers.forEach(function (rs) {
    parties.push({ key: rs.id, label: 'MCP server ' + rs.id, sub: rs.origin });
  });
  topo.authorizationServers.forEach(function (as) {
    parties.push({ key: as.id, label: 'Authorization server ' + as.id, sub: as.origin });
  });
  (trace.exchanges || []).forEach(function (ex) {
    var key = ex.role === 'client-callback' ? 'client-callback' : ex.server;
    if (
      !parties.some(function (p) {
        return p.key === key;
      }) &&
      key !== 'client-callback'
    )
      parties.push(ex.role === 'model' ? { key: key, label: 'Model (scripted)', sub: originOf(ex.url) } : { key: key, label: ex.server, sub: ex.role });
  });
  parties.push({ key: 'user-agent', label: 'Browser', sub: 'user agent' });
  parties.push({ key: 'client-callback', label: 'Client redirect URI', sub: 'callback' });
  return parties;
}

/** An automatic redirect hop: the request followed the Location of its party's earlier 3xx (exchange redirectedFrom). */
/** @param {Exchange} ex @returns {ex is Exchange & { redirectedFrom: number }} */
function isHop(ex) {
  return typeof ex.redirectedFrom === 'number';
}
/** @param {Exchange} ex */
function hopLabel(ex) {
  return '↪ redirect hop of #' + ex.redirectedFrom;
}

/**
 * One request's arrow in the sequence diagram, from the client (or the user agent) to the party that answered: a
 * violation, a warning, an error status and a redirect hop each marked; a click opens the request's details.
 * @param {Exchange} ex @param {Flagged} flagged @param {number} from @param {number} to @param {number} y
 */
function arrow(ex, flagged, from, to, y) {
  var cls =
    'arrow' +
    (flagged.fail.has(ex.seq) ? ' violation' : flagged.warn.has(ex.seq) ? ' warning' : '') +
    (ex.status >= 400 ? ' error-status' : '') +
    (isHop(ex) ? ' hop' : '');
  var g = s('g', { class: cls, 'data-seq': ex.seq });
  g.appendChild(
    s(
      'title',
      {},
      '#' +
        ex.seq +
        ' ' +
        ex.method +
        ' ' +
        ex.url +
        ' → ' +
        ex.status +
        (isHop(ex) ? ' (an automatic redirect hop of #' + ex.redirectedFrom + ': the client followed its Location, it did not choose this URL)' : '') +
        (flagged.fail.has(ex.seq) ? ' (violates a check)' : ''),
    ),
  );
  var dir = to >= from ? 1 : -1;
  g.appendChild(s('line', { x1: from, x2: to - dir * 6, y1: y, y2: y }));
  g.appendChild(s('path', { d: 'M' + to + ' ' + y + ' l' + -dir * 8 + ' -4 l0 8 z' }));
  var rpc = rpcMethodOf(ex);
  var label = (isHop(ex) ? '↪ ' : '') + '#' + ex.seq + ' ' + ex.method + ' ' + pathOf(ex.url);
  if (label.length > (rpc ? 36 : 48)) label = label.slice(0, rpc ? 35 : 47) + '…';
  if (rpc) label += ' ' + rpc;
  g.appendChild(s('text', { x: Math.min(from, to) + 6, y: y - 4, class: 'label' }, label + ' → ' + ex.status));
  g.addEventListener('click', function () {
    openRequest(ex.seq);
  });
  return g;
}

/** @param {TraceView} trace @param {Flagged} flagged */
function sequenceDiagram(trace, flagged) {
  var parties = partiesOf(trace);
  var col = 190,
    row = 28,
    top = 46;
  var exchanges = trace.exchanges || [];
  var x = /** @param {string} key */ function (key) {
    var i = parties.findIndex(function (p) {
      return p.key === key;
    });
    return 95 + col * Math.max(0, i);
  };
  var width = col * parties.length;
  var svg = s('svg', {
    width: width,
    class: 'sequence',
    role: 'img',
    'aria-label':
      'Sequence diagram of ' +
      exchanges.length +
      ' recorded request(s) across ' +
      parties
        .map(function (p) {
          return p.label;
        })
        .join(', '),
  });
  parties.forEach(function (p) {
    svg.appendChild(s('text', { x: x(p.key), y: 16, class: 'party', 'text-anchor': 'middle' }, p.label));
    svg.appendChild(s('text', { x: x(p.key), y: 32, class: 'party-sub', 'text-anchor': 'middle' }, p.sub));
  });
  var lifelines = s('g', {});
  svg.appendChild(lifelines);
  var rowsShown = 0;
  function resize() {
    var height = top + rowsShown * row + 10;
    svg.setAttribute('height', String(height));
    lifelines.replaceChildren();
    parties.forEach(function (p) {
      lifelines.appendChild(s('line', { x1: x(p.key), x2: x(p.key), y1: top - 6, y2: height, class: 'lifeline' }));
    });
  }
  var wrap = h('div.scroll.sequence-wrap');
  wrap.appendChild(svg);
  var more = chunked(
    exchanges,
    function (ex) {
      var y = top + rowsShown * row + 14;
      rowsShown++;
      var from = x(ex.from === 'user-agent' ? 'user-agent' : 'client');
      var to = x(ex.role === 'client-callback' ? 'client-callback' : ex.server);
      svg.appendChild(arrow(ex, flagged, from, to, y));
    },
    svg,
    'requests',
    resize,
  );
  return [wrap, more];
}

/** Opens request #seq's details (each has a summary) and brings it into view. @param {number} seq */
function openRequest(seq) {
  var el = /** @type {HTMLDetailsElement | null} */ (document.getElementById('req-' + seq));
  if (!el) return;
  el.open = true;
  el.scrollIntoView({ block: 'center' });
  /** @type {HTMLElement} */ (el.querySelector('summary')).focus();
}

/** @param {Exchange} ex @param {Flagged} flagged */
function requestDetails(ex, flagged) {
  var violated = flagged.failBy[ex.seq];
  var cls = flagged.fail.has(ex.seq) ? 'request violation' : flagged.warn.has(ex.seq) ? 'request warning' : 'request';
  var d = /** @type {HTMLDetailsElement} */ (
    h(
      'details',
      { id: 'req-' + ex.seq, class: cls },
      h(
        'summary',
        null,
        h('span.seq', { text: '#' + ex.seq }),
        ' ',
        h('span.from', { text: ex.from + ' → ' + ex.server }),
        ' ',
        h('strong', { text: ex.method }),
        ' ',
        h('span.url', { text: ex.url }),
        ' ',
        h('span.http.http-' + String(ex.status).charAt(0), { text: String(ex.status) }),
        isHop(ex)
          ? [
              ' ',
              h('a.hop-of', {
                href: '#req-' + ex.redirectedFrom,
                title: 'the client followed the Location of #' + ex.redirectedFrom + ' automatically; it did not choose this URL',
                onclick: function (e) {
                  e.preventDefault();
                  openRequest(ex.redirectedFrom);
                },
                text: hopLabel(ex),
              }),
            ]
          : null,
        violated ? h('span.flag', { text: ' violates ' + violated.join(', ') }) : null,
      ),
    )
  );
  d.addEventListener('toggle', function () {
    if (!d.open || d.dataset.rendered) return;
    d.dataset.rendered = '1';
    d.appendChild(
      h(
        'div.req-body',
        null,
        h('h3', { text: 'Request' }),
        h('pre', { text: ex.method + ' ' + ex.url + '\n' + headersText(ex.requestHeaders) }),
        ex.requestBody ? h('pre', { text: pretty(ex.requestBody) }) : null,
        h('h3', { text: 'Response' }),
        h('pre', { text: String(ex.status) + '\n' + headersText(ex.responseHeaders) }),
        h('pre', { text: pretty(ex.responseBody) }),
      ),
    );
  });
  return d;
}
