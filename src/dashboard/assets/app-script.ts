/**
 * The page's only script (served as /app.js; the CSP allows no other): shows runs live from /events.
 * Every value goes into the page as text (textContent), never as markup.
 */
export const APP_SCRIPT = String.raw`'use strict';
(function () {
  var section = document.getElementById('live');
  var list = document.getElementById('live-runs');
  var driftState = document.getElementById('drift-state');
  var driftButton = document.getElementById('check-drift');
  if (!section || !list || typeof EventSource === 'undefined') return;
  var runs = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function tone(status) {
    if (['ok', 'converged', 'installed', 'changed'].indexOf(status) >= 0) return 'ok';
    if (['pending', 'interrupted'].indexOf(status) >= 0) return 'warn';
    if (['failed', 'refused', 'unreachable'].indexOf(status) >= 0) return 'bad';
    return 'dim';
  }
  function badge(status) {
    var node = el('span', 'badge ' + tone(status), status);
    node.setAttribute('data-status', status);
    return node;
  }
  function hostRow(run, host) {
    var row = run.hosts[host];
    if (row) return row;
    var tr = el('tr');
    tr.setAttribute('data-live-host', host);
    var name = el('td', '', host);
    var now = el('td', 'live-now', 'waiting');
    var modules = el('td', 'live-modules');
    var status = el('td', 'live-status', 'running');
    tr.append(name, now, modules, status);
    run.body.append(tr);
    run.hosts[host] = row = { now: now, modules: modules, status: status };
    return row;
  }
  function startRun(start) {
    if (runs[start.runId]) return runs[start.runId];
    var box = el('div', 'live-run');
    box.setAttribute('data-live-run', start.runId);
    var title = el('h3', '', start.mode + ' ' + start.runId.slice(0, 8) + ' by ' + start.trigger + ', started ' + start.startedAt.slice(0, 19).replace('T', ' ') + ' UTC');
    var state = el('span', 'live-run-state', ' running');
    title.append(state);
    var table = el('table');
    var head = el('tr');
    ['Host', 'Now', 'Modules done', 'Status'].forEach(function (t) { head.append(el('th', '', t)); });
    var thead = el('thead');
    thead.append(head);
    var body = el('tbody');
    table.append(thead, body);
    box.append(title, table);
    list.prepend(box);
    section.hidden = false;
    var run = { box: box, body: body, state: state, hosts: {} };
    runs[start.runId] = run;
    (start.hosts || []).forEach(function (h) { hostRow(run, h.name); });
    return run;
  }
  function onEvent(runId, event) {
    var run = runs[runId];
    if (!run) return;
    var row = hostRow(run, event.host);
    if (event.type === 'host-phase') row.now.textContent = event.phase;
    else if (event.type === 'module-start') row.now.textContent = event.module + ': starting';
    else if (event.type === 'step-start') row.now.textContent = event.module + ': ' + event.title;
    else if (event.type === 'module-end') {
      var item = el('span', 'module', event.module + ' ');
      item.setAttribute('data-module', event.module);
      item.append(badge(event.status));
      row.modules.append(item, document.createTextNode(' '));
    } else if (event.type === 'host-end') {
      row.now.textContent = '';
      row.status.textContent = '';
      row.status.append(badge(event.result.status));
    }
  }
  function endRun(end) {
    var run = runs[end.runId];
    if (!run) return;
    run.state.textContent = ' finished: ';
    run.state.append(badge(end.status));
    var link = el('a', '', ' details');
    link.href = '/runs/' + encodeURIComponent(end.runId);
    run.state.append(link);
    run.box.setAttribute('data-finished', 'yes');
  }

  var source = new EventSource('/events');
  function on(name, handle) {
    source.addEventListener(name, function (message) {
      try { handle(JSON.parse(message.data)); } catch (error) { console.error(error); }
    });
  }
  on('run-start', startRun);
  on('run-event', function (data) { onEvent(data.runId, data.event); });
  on('run-end', endRun);
  on('drift', function (drift) {
    if (!driftState) return;
    driftState.setAttribute('data-running', drift.running ? 'yes' : 'no');
    driftState.textContent = drift.text;
    if (driftButton) driftButton.disabled = drift.running;
  });
})();
`;
