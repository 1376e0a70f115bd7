// The page of one scenario: verdict, cause, checks, attempts, topology, requests, client output, reproduction.

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

/**
 * What one scenario's page is drawn from: its overview and detail, the requests by seq, the requests to mark (those a
 * failed or warned check names as violations, and a refused redirect), the cause and its consequences, and the
 * checks that did not pass, the cause's first.
 * @param {ResultSet} set @param {ScenarioOverview} sc
 */
function scenarioView(set, sc) {
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
    if (c.outcome !== 'not-met') return;
    var status = /** @type {'fail' | 'warn'} */ (c.status === 'fail' ? 'fail' : 'warn');
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
  return {
    set: set,
    sc: sc,
    d: d,
    trace: trace,
    exchanges: exchanges,
    bySeq: bySeq,
    flagged: flagged,
    account: account,
    cause: cause,
    consequences: consequences,
    causeCheck: causeCheck,
    expected: expected,
    expectedUrls: expectedUrls,
    bad: bad,
  };
}
/** @typedef {ReturnType<typeof scenarioView>} ScenarioView */

/** The account of a scenario that did not pass: its first deviation, a known bug, what the client did after. @param {ScenarioView} v */
function accountBlock(v) {
  var sc = v.sc;
  var account = v.account;
  var cause = v.cause;
  var expectedUrls = v.expectedUrls;
  var causeExchange = cause && cause.seq ? v.bySeq[cause.seq] : undefined;
  var knownBug = (
    sc.checks.find(function (c) {
      return c.known;
    }) || {}
  ).known;
  var causeUrls = new Set(causeExchange ? [causeExchange.url] : []);
  return account
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
}

/** One check that did not pass: its role (cause, consequence), level, requirement, message and requests. @param {ScenarioView} v @param {CheckResult} c */
function findingItem(v, c) {
  var bySeq = v.bySeq;
  var cause = v.cause;
  var causeCheck = v.causeCheck;
  var consequences = v.consequences;
  var expectedUrls = v.expectedUrls;
  var account = v.account;
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
}

/** What the client did wrong, cause first; or why a scenario that passed, or judged nothing, did. @param {ScenarioView} v */
function findings(v) {
  var sc = v.sc;
  var list = v.bad.length
    ? h(
        'ol.findings',
        null,
        v.bad.map(function (c) {
          return findingItem(v, c);
        }),
      )
    : h('p', { text: sc.status === 'pass' ? 'Every check passed.' : sc.reason || 'No check failed.' });
  return [accountBlock(v), list];
}

/** The commands that run the scenario again or keep its topology up, and the bug report to copy. @param {ScenarioOverview} sc */
function reproduceBlock(sc) {
  return h(
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
}

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
/**
 * Every check of the scenario; skipped ones (not reached, not applicable) fold away, so the checks that judged
 * something are what one sees.
 * @param {ScenarioOverview} sc
 */
function checksTable(sc) {
  var judgedChecks = sc.checks.filter(function (c) {
    return c.outcome !== 'not-judged';
  });
  var skippedChecks = sc.checks.filter(function (c) {
    return c.outcome === 'not-judged';
  });
  return h(
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
}

/** The page's title, what the scenario is, and at which revision it was judged. @param {ResultSet} set @param {ScenarioOverview} sc */
function scenarioHeading(set, sc) {
  var client = sc.client;
  return [
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
  ];
}

/** @param {number} si @param {number} i */
function renderScenario(si, i) {
  var set = data.sets[si];
  var sc = set && set.scenarios[i];
  if (!set || !sc) {
    location.hash = '#/';
    return;
  }
  var v = scenarioView(set, sc);
  var account = v.account;
  var attempts = sc.attempts && sc.attempts.length > 1 ? attemptList(sc) : null;
  var requestList = h('div.requests');
  var moreRequests = chunked(
    v.exchanges,
    function (ex, container) {
      container.appendChild(requestDetails(ex, v.flagged));
    },
    requestList,
    'requests',
  );
  replaceApp(
    h('nav', { 'aria-label': 'Breadcrumb' }, h('a', { href: '#/', text: '← All scenarios' })),
    ...scenarioHeading(set, sc),
    h(
      'div.triage',
      null,
      h(
        'section.block',
        { 'aria-labelledby': 'h-findings' },
        h('h2#h-findings', { text: v.bad.length || (account && account.headline) ? 'What the client did wrong' : account ? 'Why it stopped' : 'Result' }),
        findings(v),
      ),
      h('section.block', { 'aria-labelledby': 'h-reproduce' }, reproduceBlock(sc)),
    ),
    attempts ? section('h-attempts', 'Attempts (' + (sc.attempts || []).length + ', --retries)', attempts) : null,
    section('h-discovery', 'Discovery: expected vs requested', discoveryBlock(v)),
    section('h-sequence', 'Sequence of requests (' + v.exchanges.length + ')', sequenceDiagram(v.trace, v.flagged)),
    section('h-topology', 'Topology', topologyPicture(v.trace.topology)),
    section('h-checks', 'Checks', checksTable(sc)),
    section('h-requests', 'Requests (secrets redacted)', [requestList, moreRequests]),
    userAgentSection(v.trace),
    outputSection(sc, v.d),
    screenshotsSection(v.d),
  );
}
