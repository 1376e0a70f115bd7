// The report page: renders the overview from #report-data, and a scenario's detail from its own
// #detail-N payload only when that scenario is opened, so pages with thousands of requests stay fast.
// Type-checked (JSDoc, `npm run typecheck:report`, tsconfig.report.json) against the types of the data
// reports/html/build.ts embeds; the page runs this file as it is.

/**
 * @typedef {import('../build.js').ReportData} ReportData
 * @typedef {import('../build.js').ResultSet} ResultSet
 * @typedef {import('../build.js').ScenarioOverview} ScenarioOverview
 * @typedef {import('../build.js').ScenarioDetail} ScenarioDetail
 * @typedef {import('../build.js').TraceFile} TraceFile
 * @typedef {ScenarioOverview['checks'][number]} CheckResult
 * @typedef {import('../../../scenarios/types.js').Exchange} Exchange
 * @typedef {import('../../../scenarios/types.js').ResolvedTopology} Topology
 * @typedef {Topology['authorizationServers'][number]} AuthorizationServer
 * @typedef {Pick<TraceFile, 'exchanges' | 'topology' | 'userAgent'>} TraceView a trace, or the empty one of a scenario without
 * @typedef {{ key: string, label: string, sub: string }} Party a lifeline of the sequence diagram
 * @typedef {{ set: ResultSet, si: number, sc: ScenarioOverview, i: number }} Item a scenario of a result set, with both indexes
 * @typedef {{ status: string, check: string, requirement: string, spec: string, suite: string, q: string }} Filters
 * @typedef {{ fail: Set<number>, warn: Set<number>, failBy: Record<number, string[]> }} Flagged seqs of requests failed or warned checks name
 * @typedef {string | number | boolean | null | undefined | ((event: Event) => void)} AttrValue `on…` keys take a listener
 * @typedef {Record<string, AttrValue>} Attrs
 * @typedef {Node | string | null | undefined | false} Leaf a node, a text, or nothing
 * @typedef {Leaf | Array<Leaf | Array<Leaf>>} Child what h() appends: a leaf, or lists of them
 */
(function () {
  'use strict';
  /** The JSON payload of a `<script type="application/json">` (an element's text is never null). @param {Element} node @returns {unknown} */
  function json(node) {
    return JSON.parse(/** @type {string} */ (node.textContent));
  }
  /** An element the page's skeleton always has. @param {string} id */
  function byId(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }

  var data = /** @type {ReportData} */ (json(byId('report-data')));
  var app = byId('app');
  /** @type {Map<number, ScenarioDetail>} */
  var details = new Map();
  var CHUNK = 400;
  /** @type {Filters} */
  var filters = { status: '', check: '', requirement: '', spec: '', suite: '', q: '' };

  /** @param {number} index @returns {ScenarioDetail} */
  function detail(index) {
    var found = details.get(index);
    if (found) return found;
    var node = document.getElementById('detail-' + index);
    /** @type {ScenarioDetail} */
    var parsed = node ? /** @type {ScenarioDetail} */ (json(node)) : { trace: null, stdout: '', stderr: '', screenshots: [] };
    details.set(index, parsed);
    return parsed;
  }

  /**
   * h('tag.class', {attr}, children...): strings become text nodes, never HTML.
   * @param {string} spec `tag`, `tag#id`, `tag.class.class`
   * @param {Attrs | null} [attrs]
   * @param {...Child} children
   * @returns {HTMLElement}
   */
  function h(spec, attrs, ...children) {
    var [name = '', ...classes] = spec.split('.');
    var [tag = '', id] = name.split('#');
    var el = document.createElement(tag);
    if (id) el.id = id;
    if (classes.length) el.className = classes.join(' ');
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k.slice(0, 2) === 'on' && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'text') el.textContent = String(v);
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    children.forEach(function (child) {
      append(el, child);
    });
    return el;
  }
  /** @param {Node} el @param {Child} child */
  function append(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child))
      child.forEach(function (c) {
        append(el, c);
      });
    else el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  var SVG = 'http://www.w3.org/2000/svg';
  /** An SVG element. @param {string} tag @param {Record<string, string | number>} [attrs] @param {string} [text] */
  function s(tag, attrs, text) {
    var el = document.createElementNS(SVG, tag);
    var given = attrs || {};
    Object.keys(given).forEach(function (k) {
      el.setAttribute(k, String(given[k]));
    });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /**
   * The head row of a table: one column header per name.
   * @param {string[]} columns
   */
  function tableHead(columns) {
    return h(
      'thead',
      null,
      h(
        'tr',
        null,
        columns.map(function (t) {
          return h('th', { scope: 'col', text: t });
        }),
      ),
    );
  }

  /** @type {Record<string, string>} */
  var STATUS_LABEL = { pass: '✔ pass', fail: '✘ fail', warn: '! warn', skip: '– skip', error: '⚠ error', interrupted: '■ interrupted', flaky: '~ flaky' };
  /** @param {string} status */
  function badge(status) {
    return h('span.badge.status-' + status, { text: STATUS_LABEL[status] || status });
  }

  function all() {
    /** @type {Item[]} */
    var out = [];
    data.sets.forEach(function (set, si) {
      set.scenarios.forEach(function (sc, i) {
        out.push({ set: set, si: si, sc: sc, i: i });
      });
    });
    return out;
  }
  /** @param {ScenarioOverview} sc */
  function notPassed(sc) {
    return sc.checks.filter(function (c) {
      return c.status === 'fail' || c.status === 'warn';
    });
  }
  /** @param {number} si @param {number} i */
  function href(si, i) {
    return '#/scenario/' + si + '/' + i;
  }

  /** @param {Item} item */
  function matches(item) {
    var sc = item.sc;
    if (filters.status && sc.status !== filters.status) return false;
    if (filters.spec && sc.specVersion !== filters.spec) return false;
    if (filters.suite && sc.suite !== filters.suite) return false;
    var bad = notPassed(sc);
    if (
      filters.check &&
      !bad.some(function (c) {
        return c.id === filters.check;
      })
    )
      return false;
    if (
      filters.requirement &&
      !bad.some(function (c) {
        return (c.requirements || [c.requirement.id]).indexOf(filters.requirement) >= 0;
      })
    )
      return false;
    if (filters.q) {
      var hay = [item.set.label, sc.id, sc.description, sc.status, sc.reason || '']
        .concat(
          sc.checks.map(function (c) {
            return c.id + ' ' + c.message;
          }),
        )
        .join('\n')
        .toLowerCase();
      if (hay.indexOf(filters.q.toLowerCase()) < 0) return false;
    }
    return true;
  }

  /** @template T @param {T[]} values @returns {T[]} */
  function unique(values) {
    return values
      .filter(function (v, i) {
        return values.indexOf(v) === i;
      })
      .sort();
  }

  /** @param {string} id @param {string} label @param {string[]} options @param {keyof Filters} key */
  function select(id, label, options, key) {
    var sel = /** @type {HTMLSelectElement} */ (
      h(
        'select',
        {
          id: id,
          name: key,
          onchange: function () {
            filters[key] = sel.value;
            applyFilters();
          },
        },
        h('option', { value: '', text: 'any' }),
        options.map(function (o) {
          return h('option', { value: o, text: o });
        }),
      )
    );
    sel.value = filters[key];
    return h('div.field', null, h('label', { for: id, text: label }), sel);
  }

  function renderOverview() {
    var items = all();
    /** @type {Record<'total' | ScenarioOverview['status'], number>} */
    var totals = { total: 0, pass: 0, fail: 0, warn: 0, skip: 0, error: 0, interrupted: 0, flaky: 0 };
    var previews = 0;
    items.forEach(function (it) {
      if (it.sc.preview) {
        previews++;
        return;
      }
      totals.total++;
      totals[it.sc.status]++;
    });
    var suites = unique(
      items
        .map(function (it) {
          return it.sc.suite;
        })
        .filter(Boolean),
    );
    var checks = unique(
      items.flatMap(function (it) {
        return it.sc.checks.map(function (c) {
          return c.id;
        });
      }),
    );
    var reqs = unique(
      items.flatMap(function (it) {
        return it.sc.checks.map(function (c) {
          return c.requirement.id;
        });
      }),
    );
    var specs = unique(
      items.map(function (it) {
        return it.sc.specVersion;
      }),
    );
    var search = /** @type {HTMLInputElement} */ (
      h('input', {
        id: 'f-search',
        type: 'search',
        name: 'q',
        placeholder: 'scenario, client, check, message…',
        value: filters.q,
        oninput: function () {
          filters.q = search.value;
          applyFilters();
        },
      })
    );
    var scenarioIds = unique(
      items.map(function (it) {
        return it.sc.id;
      }),
    );

    var matrix = h(
      'table.matrix',
      { 'aria-describedby': 'matrix-caption' },
      h('caption', { id: 'matrix-caption', text: "Clients × scenarios: each cell is the scenario's status for that result set" }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col', text: 'client · spec revision' }),
          scenarioIds.map(function (id) {
            return h('th', { scope: 'col', text: id });
          }),
        ),
      ),
      h(
        'tbody',
        null,
        data.sets.map(function (set, si) {
          return h(
            'tr',
            null,
            h('th', { scope: 'row', text: set.label }),
            scenarioIds.map(function (id) {
              var i = set.scenarios.findIndex(function (sc) {
                return sc.id === id;
              });
              var sc = set.scenarios[i];
              if (!sc) return h('td.none', { text: '—', title: 'not run' });
              var label = sc.id + ' for ' + set.label + ': ' + sc.status + (sc.preview ? ' (preview at ' + sc.specVersion + ', not counted)' : '');
              return h(
                'td',
                { 'data-item': si + '/' + i },
                h('a.cell.status-' + sc.status + (sc.preview ? '.preview' : ''), {
                  href: href(si, i),
                  'aria-label': label,
                  title: label,
                  text: STATUS_LABEL[sc.status] + (sc.preview ? '°' : ''),
                }),
              );
            }),
          );
        }),
      ),
    );

    var rows = items.map(function (it) {
      var bad = notPassed(it.sc);
      return h(
        'tr',
        { 'data-item': it.si + '/' + it.i, class: 'scenario-row' },
        h('td', null, badge(it.sc.status)),
        h('td', null, h('a', { href: href(it.si, it.i), text: it.sc.id })),
        h('td', { text: it.set.client.name }),
        h('td', { text: it.sc.specVersion + (it.sc.preview ? ' (preview)' : '') }),
        h(
          'td',
          null,
          bad.length
            ? h(
                'ul.compact',
                null,
                bad.map(function (c) {
                  return h('li', null, h('span.level.level-' + c.status, { text: c.level }), ' ', h('code', { text: c.id }), ': ', c.message);
                }),
              )
            : it.sc.reason || '',
        ),
      );
    });

    var only = data.sets.length === 1 ? data.sets[0] : undefined;
    app.replaceChildren(
      h('h1', { text: only ? 'Conformance report: ' + only.label : 'Conformance report: ' + data.sets.length + ' result sets' }),
      ...interruptedNotes(),
      h(
        'section.counts',
        { 'aria-label': 'Counts' },
        /** @type {Array<keyof typeof totals>} */ (['total', 'pass', 'fail', 'warn', 'skip', 'error', 'flaky', 'interrupted'])
          .filter(function (k) {
            // The statuses only some runs have are shown when they occur.
            return (k !== 'flaky' && k !== 'interrupted') || totals[k] > 0;
          })
          .map(function (k) {
            return h('div.count.status-' + k, null, h('span.n', { text: String(totals[k]) }), h('span.k', { text: k === 'total' ? 'scenarios' : k }));
          }),
        previews
          ? h(
              'div.count.preview',
              { title: 'scenarios of a newer revision than the client speaks: judged as a preview, not counted' },
              h('span.n', { text: String(previews) }),
              h('span.k', { text: 'preview °' }),
            )
          : null,
      ),
      h(
        'form.filters',
        {
          role: 'search',
          'aria-label': 'Filter scenarios',
          onsubmit: function (e) {
            e.preventDefault();
          },
        },
        select('f-status', 'Status', ['fail', 'warn', 'pass', 'skip', 'error', 'flaky', 'interrupted'], 'status'),
        select('f-check', 'Check not passed', checks, 'check'),
        select('f-requirement', 'Requirement not met', reqs, 'requirement'),
        select('f-spec', 'Spec revision', specs, 'spec'),
        select('f-suite', 'Suite', suites, 'suite'),
        h('div.field.grow', null, h('label', { for: 'f-search', text: 'Search' }), search),
        h('button', {
          type: 'button',
          text: 'Clear filters',
          onclick: function () {
            filters = { status: '', check: '', requirement: '', spec: '', suite: '', q: '' };
            renderOverview();
          },
        }),
      ),
      h('p#shown', { role: 'status', 'aria-live': 'polite' }),
      h('section', { 'aria-labelledby': 'h-matrix' }, h('h2#h-matrix', { text: 'Matrix' }), h('div.scroll', null, matrix)),
      h(
        'section',
        { 'aria-labelledby': 'h-scenarios' },
        h('h2#h-scenarios', { text: 'Scenarios' }),
        h('table.list', null, tableHead(['status', 'scenario', 'client', 'spec', 'checks not passed / reason']), h('tbody', null, rows)),
      ),
    );
    applyFilters();
  }

  /** A banner per interrupted result set, first on the page: its results are partial, the scenarios not run listed. */
  function interruptedNotes() {
    return data.sets
      .filter(function (set) {
        return set.partial;
      })
      .map(function (set) {
        var cut = set.scenarios.filter(function (sc) {
          return sc.status === 'interrupted';
        }).length;
        var notRun = set.notRun || [];
        var total = set.scenarios.length + notRun.length;
        return h(
          'section.interrupted',
          { role: 'alert', 'aria-label': 'Interrupted run' },
          h('strong', {
            text:
              (data.sets.length > 1 ? set.label + ': ' : '') +
              'Interrupted after ' +
              (set.scenarios.length - cut) +
              ' of ' +
              total +
              ' scenario(s)' +
              (set.interruptedBy ? ' (' + set.interruptedBy + ')' : '') +
              '. These results are partial.',
          }),
          cut ? h('p', { text: cut + ' scenario(s) were running: what they recorded is kept, unjudged (status interrupted).' }) : null,
          notRun.length ? h('p.not-run', null, 'Not run: ', notRun.join(', ')) : null,
        );
      });
  }

  function applyFilters() {
    var shown = 0;
    var items = all();
    items.forEach(function (it) {
      var ok = matches(it);
      if (ok) shown++;
      /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-item="' + it.si + '/' + it.i + '"]')).forEach(function (el) {
        if (el.tagName === 'TR') el.hidden = !ok;
        else el.classList.toggle('dim', !ok);
      });
    });
    var p = document.getElementById('shown');
    if (p) p.textContent = shown + ' of ' + items.length + ' scenario result(s) shown';
  }

  // ---- scenario detail ----

  var URL_RE = /https?:\/\/[^\s"'<>),;]+/g;
  /** @param {string} url */
  function pathOf(url) {
    try {
      var u = new URL(url);
      return u.pathname + u.search;
    } catch {
      return url;
    }
  }
  /** @param {string} url */
  function originOf(url) {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  }
  /** The JSON-RPC method of a request to an MCP server (the first of a batch), to tell tools/call from initialize. @param {Exchange} ex */
  function rpcMethodOf(ex) {
    if (ex.role !== 'resource-server' || !ex.requestBody) return '';
    try {
      /** @type {unknown} */
      var body = JSON.parse(ex.requestBody);
      var first = Array.isArray(body) ? /** @type {unknown[]} */ (body)[0] : body;
      var method = first && typeof first === 'object' ? /** @type {{ method?: unknown }} */ (first).method : undefined;
      return typeof method === 'string' ? method : '';
    } catch {
      return '';
    }
  }

  /**
   * A message with the URLs the client requested wrongly marked, and the expected ones marked as such.
   * @param {string} message @param {Set<string>} wrong @param {Set<string>} expected
   */
  function highlighted(message, wrong, expected) {
    /** @type {Array<string | HTMLElement>} */
    var out = [];
    var last = 0;
    message.replace(
      URL_RE,
      /** @param {string} url @param {number} at */ function (url, at) {
        out.push(message.slice(last, at));
        if (wrong.has(url)) out.push(h('mark.wrong', { title: 'requested by the client: the request that violates the check', text: url }));
        else if (expected.has(url)) out.push(h('mark.expected', { title: 'what the check expected', text: url }));
        else out.push(h('span.url', { text: url }));
        last = at + url.length;
        return url;
      },
    );
    out.push(message.slice(last));
    return out;
  }

  /**
   * A known client bug that explains a failure: its upstream report and the release that fixed it.
   * @param {{ url: string, title: string, fixedIn?: string }} known
   */
  function knownLine(known) {
    return h(
      'p.known',
      null,
      'Known upstream: ',
      h('a', { href: known.url, target: '_blank', rel: 'noreferrer', text: known.url }),
      ' — ' + known.title + (known.fixedIn ? ' (fixed in ' + known.fixedIn + ')' : ' (no fixed release yet)'),
    );
  }

  /** @param {string} text @param {string} label @param {string} [caption] the button's text, `Copy` by default */
  function copyButton(text, label, caption) {
    var idle = caption || 'Copy';
    var btn = h('button.copy', { type: 'button', 'aria-label': label, text: idle });
    btn.addEventListener('click', function () {
      var done = function () {
        btn.textContent = 'Copied';
        setTimeout(function () {
          btn.textContent = idle;
        }, 1500);
      };
      var fallback = function () {
        var area = /** @type {HTMLTextAreaElement} */ (h('textarea', { 'aria-hidden': 'true', class: 'offscreen' }));
        area.value = text;
        document.body.appendChild(area);
        area.select();
        try {
          document.execCommand('copy');
        } catch {
          /* nothing more to try */
        }
        area.remove();
        done();
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
    return btn;
  }

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

  /** @param {string} id @param {string} title @param {Child} content */
  function section(id, title, content) {
    return h('section.block', { 'aria-labelledby': id }, h('h2', { id: id, text: title }), content);
  }

  /**
   * Renders a long list CHUNK items at a time, behind a "Show more" button (returned).
   * @template T
   * @param {T[]} list @param {(item: T, container: Element) => void} render @param {Element} container
   * @param {string} noun @param {() => void} [after] called after each chunk
   */
  function chunked(list, render, container, noun, after) {
    var shown = 0;
    var more = h('button.more', { type: 'button' });
    function step() {
      var next = list.slice(shown, shown + CHUNK);
      next.forEach(function (x) {
        render(x, container);
      });
      if (after) after();
      shown += next.length;
      more.hidden = shown >= list.length;
      more.textContent = 'Show ' + Math.min(CHUNK, list.length - shown) + ' more ' + noun + ' (' + (list.length - shown) + ' left)';
    }
    more.addEventListener('click', step);
    step();
    return more;
  }

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
        svg.appendChild(g);
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

  /** @param {string} body */
  function pretty(body) {
    if (!body) return '(empty)';
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  /** @param {Record<string, string>} headers */
  function headersText(headers) {
    return (
      Object.keys(headers || {})
        .map(function (k) {
          return k + ': ' + headers[k];
        })
        .join('\n') || '(none)'
    );
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

  /** Every attempt of a retried scenario: its verdict, what did not pass, where its trace is. @param {ScenarioOverview} sc */
  function attemptList(sc) {
    return h(
      'ol.attempts',
      null,
      (sc.attempts || []).map(function (a) {
        return h(
          'li',
          null,
          badge(a.status),
          a.attempt === sc.attempt ? ' (shown on this page)' : '',
          a.reason ? h('div.what', { text: a.reason }) : null,
          a.checks.length
            ? h(
                'ul.compact',
                null,
                a.checks.map(function (c) {
                  return h('li', null, h('span.level.level-' + c.status, { text: c.status }), ' ', h('code', { text: c.id }), ': ', c.message);
                }),
              )
            : null,
          a.files ? h('div.what', null, 'trace: ', h('code', { text: a.files.trace })) : null,
        );
      }),
    );
  }

  /** @param {number} si @param {number} i */
  function renderScenario(si, i) {
    var set = data.sets[si];
    var sc = set && set.scenarios[i];
    if (!set || !sc) {
      location.hash = '#/';
      return;
    }
    var d = detail(sc.detail);
    /** @type {TraceView} */
    var trace = d.trace || { exchanges: [], topology: null, userAgent: [] };
    var exchanges = trace.exchanges || [];
    /** @type {Record<number, Exchange>} */
    var bySeq = {};
    exchanges.forEach(function (ex) {
      bySeq[ex.seq] = ex;
    });
    /** @type {Flagged} */
    var flagged = { fail: new Set(), warn: new Set(), failBy: {} };
    // Only the requests that broke a rule are marked: a failure's other evidence is context (results written before
    // checks named their violations mark all of it).
    sc.checks.forEach(function (c) {
      if (c.status !== 'fail' && c.status !== 'warn') return;
      var status = c.status;
      (c.violations || c.evidence || []).forEach(function (seq) {
        flagged[status].add(seq);
        if (status === 'fail') (flagged.failBy[seq] = flagged.failBy[seq] || []).push(c.id);
      });
    });
    var account = sc.account;
    var cause = account && account.cause;
    if (cause && cause.kind === 'refusal' && cause.seq) {
      flagged.fail.add(cause.seq);
      (flagged.failBy[cause.seq] = flagged.failBy[cause.seq] || []).push('its own redirect URI refused the authorization response');
    }
    var consequences = new Set((account && account.consequences) || []);
    var causeCheck = cause && cause.kind === 'violation' ? cause.check : undefined;
    var expected = expectedDiscovery(trace.topology);
    var expectedUrls = new Set(
      expected.map(function (e) {
        return e.url;
      }),
    );
    // The cause's check first, consequences last: the list reads from the first wrong step onwards.
    var order = function (/** @type {CheckResult} */ c) {
      return c.id === causeCheck ? 0 : consequences.has(c.id) ? 3 : c.status === 'fail' ? 1 : 2;
    };
    var bad = notPassed(sc).sort(function (a, b) {
      return order(a) - order(b);
    });

    var causeExchange = cause && cause.seq ? bySeq[cause.seq] : undefined;
    var knownBug = (
      sc.checks.find(function (c) {
        return c.known;
      }) || {}
    ).known;
    var causeUrls = new Set(causeExchange ? [causeExchange.url] : []);
    var told = account
      ? h(
          'div.account',
          null,
          account.headline ? h('p.cause', null, h('strong', { text: 'First deviation: ' }), highlighted(account.headline, causeUrls, expectedUrls)) : null,
          knownBug ? knownLine(knownBug) : null,
          h(
            'ul.after',
            null,
            (sc.after || []).map(function (line) {
              return h('li', { text: line });
            }),
          ),
        )
      : null;
    var list = bad.length
      ? h(
          'ol.findings',
          null,
          bad.map(function (c) {
            var wrong = new Set(
              (c.violations || c.evidence || []).flatMap(function (seq) {
                var ex = bySeq[seq];
                return ex && ex.url ? [ex.url] : [];
              }),
            );
            return h(
              'li.finding.status-' + c.status,
              null,
              h(
                'div.finding-head',
                null,
                badge(c.status),
                ' ',
                c.id === causeCheck ? h('span.role.cause', { text: 'first deviation' }) : null,
                cause && consequences.has(c.id) ? h('span.role.consequence', { text: 'a consequence' }) : null,
                ' ',
                h('span.level', { text: c.level }),
                ' ',
                h('code', { text: c.id }),
                ' ',
                h('a', { href: c.requirement.url, target: '_blank', rel: 'noreferrer', text: c.requirement.id, title: c.requirement.source || '' }),
              ),
              h('p.message', null, highlighted(c.message, wrong, expectedUrls)),
              c.advisory ? h('p.advisory', { text: 'Reported as a warning: ' + c.advisory }) : null,
              c.known && !account ? knownLine(c.known) : null,
              (c.evidence || []).length
                ? h(
                    'p.evidence',
                    null,
                    'requests: ',
                    c.evidence.map(function (seq) {
                      return h('a', {
                        href: '#req-' + seq,
                        onclick: function (e) {
                          e.preventDefault();
                          openRequest(seq);
                        },
                        text: '#' + seq + ' ',
                      });
                    }),
                  )
                : null,
            );
          }),
        )
      : h('p', { text: sc.status === 'pass' ? 'Every check passed.' : sc.reason || 'No check failed.' });
    var findings = [told, list];
    var attempts = sc.attempts && sc.attempts.length > 1 ? attemptList(sc) : null;

    var reproduce = h(
      'div.reproduce',
      null,
      h('h2#h-reproduce', { text: 'Reproduce' }),
      h('p.hint', { text: 'Run this scenario again with the same client:' }),
      h('div.cmd', null, h('code#cmd-run', { text: sc.reproduce.run }), copyButton(sc.reproduce.run, 'Copy run command')),
      h('p.hint', { text: 'Keep the topology up and drive a client by hand (Ctrl-C to judge):' }),
      h('div.cmd', null, h('code#cmd-serve', { text: sc.reproduce.serve }), copyButton(sc.reproduce.serve, 'Copy serve command')),
      sc.bugReport
        ? h(
            'div.bug-report',
            null,
            h('p.hint', { text: "A bug report for the client's tracker (Markdown: deployment, expected vs actual, the specification's sentence, requests):" }),
            copyButton(sc.bugReport, 'Copy as issue', 'Copy as issue'),
          )
        : null,
    );

    var requested = exchanges.filter(function (ex) {
      return ex.from === 'client' && ex.url.indexOf('/.well-known/') >= 0;
    });
    var discovery = h(
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

    /** @param {CheckResult} c */
    function checkRow(c) {
      return h(
        'tr',
        null,
        h('td', null, badge(c.status)),
        h('td', { text: c.level }),
        h('td', null, h('code', { text: c.id }), h('div.what', { text: c.title || '' })),
        h(
          'td',
          null,
          h('a', { href: c.requirement.url, target: '_blank', rel: 'noreferrer', text: c.requirement.id }),
          h('div.what', { text: c.requirement.source || '' }),
        ),
        h('td', { text: c.message }),
      );
    }
    /** @param {CheckResult[]} checks */
    function checkList(checks) {
      return h('table.list', null, tableHead(['status', 'level', 'check', 'requirement', 'message']), h('tbody', null, checks.map(checkRow)));
    }
    // Skipped checks (not reached, not applicable) fold away, so the checks that judged something are what one sees.
    var judgedChecks = sc.checks.filter(function (c) {
      return c.status !== 'skip';
    });
    var skippedChecks = sc.checks.filter(function (c) {
      return c.status === 'skip';
    });
    var checksTable = h(
      'div.checks',
      null,
      judgedChecks.length ? checkList(judgedChecks) : h('p', { text: 'No check judged anything.' }),
      skippedChecks.length
        ? h(
            'details.skipped-checks',
            null,
            h('summary', { text: skippedChecks.length + ' skipped check' + (skippedChecks.length === 1 ? '' : 's') }),
            checkList(skippedChecks),
          )
        : null,
    );

    var requestList = h('div.requests');
    var moreRequests = chunked(
      exchanges,
      function (ex, container) {
        container.appendChild(requestDetails(ex, flagged));
      },
      requestList,
      'requests',
    );
    var seq = sequenceDiagram(trace, flagged);
    var client = sc.client;
    var userAgent = trace.userAgent || [];

    replaceApp(
      h('nav', { 'aria-label': 'Breadcrumb' }, h('a', { href: '#/', text: '← All scenarios' })),
      h(
        'div.title',
        null,
        h('h1', null, sc.id, ' '),
        badge(sc.status),
        h('span.meta', {
          text:
            set.label +
            ' · ' +
            (sc.durationMs / 1000).toFixed(1) +
            ' s' +
            (client ? ' · client exit ' + (client.timedOut ? 'timed out' : client.exitCode !== null ? client.exitCode : client.signal) : '') +
            (sc.drive ? ' · ' + sc.drive + ' drive' : ''),
        }),
      ),
      h('p.description', { text: sc.description + (sc.reason ? ' — ' + sc.reason : '') }),
      h('p.revision', {
        text:
          'Suite ' +
          (sc.suite || '?') +
          ' · judged at ' +
          sc.specVersion +
          (sc.revisionNote ? ' (' + sc.revisionNote + ')' : '') +
          (sc.preview
            ? ' · preview: this scenario belongs to ' + sc.specVersion + ', newer than the client speaks; ready for it? Not counted in the verdict.'
            : ''),
      }),
      h(
        'div.triage',
        null,
        h(
          'section.block',
          { 'aria-labelledby': 'h-findings' },
          h('h2#h-findings', { text: bad.length || (account && account.headline) ? 'What the client did wrong' : account ? 'Why it stopped' : 'Result' }),
          findings,
        ),
        h('section.block', { 'aria-labelledby': 'h-reproduce' }, reproduce),
      ),
      attempts ? section('h-attempts', 'Attempts (' + (sc.attempts || []).length + ', --retries)', attempts) : null,
      section('h-discovery', 'Discovery: expected vs requested', discovery),
      section('h-sequence', 'Sequence of requests (' + exchanges.length + ')', seq),
      section('h-topology', 'Topology', topologyPicture(trace.topology)),
      section('h-checks', 'Checks', checksTable),
      section('h-requests', 'Requests (secrets redacted)', [requestList, moreRequests]),
      userAgent.length
        ? section(
            'h-ua',
            'User agent',
            h(
              'ol.ua',
              null,
              userAgent.map(function (e) {
                return h('li', null, h('code', { text: e.kind }), ' ', h('span.url', { text: e.url }), ' ', e.detail);
              }),
            ),
          )
        : null,
      section(
        'h-output',
        'Client output',
        h(
          'div.output',
          null,
          client ? h('p', null, 'command: ', h('code', { text: client.command.join(' ') })) : null,
          h('h3', { text: 'stdout' }),
          h('pre.log', { text: d.stdout || '(empty)' }),
          h('h3', { text: 'stderr' }),
          h('pre.log', { text: d.stderr || '(empty)' }),
        ),
      ),
      d.screenshots.length
        ? section(
            'h-screens',
            'Screenshots',
            h(
              'div.shots',
              null,
              d.screenshots.map(function (shot) {
                return h(
                  'figure',
                  null,
                  h('img', { src: shot.src, alt: 'Browser screenshot ' + shot.name, loading: 'lazy' }),
                  h('figcaption', { text: shot.name }),
                );
              }),
            ),
          )
        : null,
    );
  }

  /** @param {...(Node | null)} parts the page's sections; null ones are left out */
  function replaceApp(...parts) {
    app.replaceChildren.apply(app, parts.filter(present));
  }
  /** @template T @param {T | null | undefined} value @returns {value is T} */
  function present(value) {
    return value !== null && value !== undefined;
  }

  function route() {
    var m = /^#\/scenario\/(\d+)\/(\d+)$/.exec(location.hash);
    if (m) renderScenario(Number(m[1]), Number(m[2]));
    else if (!/^#req-/.test(location.hash)) renderOverview();
    window.scrollTo(0, 0);
    app.focus({ preventScroll: true });
  }

  byId('generated').textContent = 'generated ' + data.generatedAt.replace('T', ' ').slice(0, 19) + ' UTC';
  window.addEventListener('hashchange', route);
  route();
})();
