// What the client did and said outside the requests: the browser user agent's steps, its screenshots, and the
// client's command, stdout and stderr: the last sections of a scenario's page.

/** What the browser user agent did, when it did anything. @param {TraceView} trace */
function userAgentSection(trace) {
  var userAgent = trace.userAgent || [];
  return userAgent.length
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
    : null;
}

/** The client's command, stdout and stderr. @param {ScenarioOverview} sc @param {ScenarioDetail} d */
function outputSection(sc, d) {
  var client = sc.client;
  return section(
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
  );
}

/** The browser's screenshots, when it took any. @param {ScenarioDetail} d */
function screenshotsSection(d) {
  return d.screenshots.length
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
    : null;
}
