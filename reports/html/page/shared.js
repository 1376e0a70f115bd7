// The report page's shared helpers and data: the page's skeleton, the result sets of #report-data, each scenario's
// detail parsed from its own #detail-N payload when opened, h() and s() that build DOM and SVG nodes from text (never
// HTML), and the overview's filters. The page modules (reports/html/page/*.js) are scripts sharing one scope:
// scripts/bundle-report-page.ts joins them, in PAGE_MODULES order, into the one function the HTML report inlines.
// Type-checked through their JSDoc (tsconfig.report.json) against the types of the data reports/html/build.ts embeds.

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
/** The checks the client fell short of, counted or not (the outcome reports/html/build.ts embeds). @param {ScenarioOverview} sc */
function notPassed(sc) {
  return sc.checks.filter(function (c) {
    return c.outcome === 'not-met';
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

/** @param {...(Node | null)} parts the page's sections; null ones are left out */
function replaceApp(...parts) {
  app.replaceChildren.apply(app, parts.filter(present));
}
/** @template T @param {T | null | undefined} value @returns {value is T} */
function present(value) {
  return value !== null && value !== undefined;
}
