// The page's router: #/scenario/SET/INDEX opens a scenario, anything else the overview; runs last.

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
