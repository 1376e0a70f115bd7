// The overview page: counts, the filters, the matrix of scenarios by result set and the list of what did not pass.

/** The counts of the scenarios that count by status, and of previews apart. @param {Item[]} items */
function countsSection(items) {
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
  return h(
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
  );
}

/** The filters: status, check and requirement not met, revision, suite, and a search over the text. @param {Item[]} items */
function filtersForm(items) {
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
  return h(
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
  );
}

/** The matrix: a row per result set, a column per scenario, each cell its status linking to the scenario. @param {Item[]} items */
function matrixTable(items) {
  var scenarioIds = unique(
    items.map(function (it) {
      return it.sc.id;
    }),
  );

  return h(
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
}

/** A scenario in the list: status, client, revision, and the checks that did not pass (or the reason). @param {Item} it */
function scenarioRow(it) {
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
}

function renderOverview() {
  var items = all();
  var only = data.sets.length === 1 ? data.sets[0] : undefined;
  app.replaceChildren(
    h('h1', { text: only ? 'Conformance report: ' + only.label : 'Conformance report: ' + data.sets.length + ' result sets' }),
    ...interruptedNotes(),
    countsSection(items),
    filtersForm(items),
    h('p#shown', { role: 'status', 'aria-live': 'polite' }),
    h('section', { 'aria-labelledby': 'h-matrix' }, h('h2#h-matrix', { text: 'Matrix' }), h('div.scroll', null, matrixTable(items))),
    h(
      'section',
      { 'aria-labelledby': 'h-scenarios' },
      h('h2#h-scenarios', { text: 'Scenarios' }),
      h('table.list', null, tableHead(['status', 'scenario', 'client', 'spec', 'checks not passed / reason']), h('tbody', null, items.map(scenarioRow))),
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
