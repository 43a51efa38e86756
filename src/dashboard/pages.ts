import type { ModuleStatus } from '../engine/results.js';
import { formatDuration, formatKiB, formatTime, formatUptime } from './format.js';
import { driftText } from './drift-checks.js';
import { html, type SafeHtml } from './html.js';
import type { HostRunRow, ModuleRunRow, RunFilter, RunRow } from './run-store.js';

/** What the header says about the background drift check. */
export interface DriftState {
  readonly running: boolean;
  readonly lastAt?: string;
  readonly lastError?: string;
  /** Seconds between checks; 0: only on demand. */
  readonly intervalSeconds: number;
}

/** One host as the hosts page and the host page show it. */
export interface HostView {
  readonly name: string;
  /** The newest run that reached it: OS and vitals. */
  readonly reached?: HostRunRow | undefined;
  /** The newest run of any kind, with its modules: status and health. */
  readonly latest?: { host: HostRunRow; modules: ModuleRunRow[] } | undefined;
  /** The newest plan (drift check), with its modules. */
  readonly plan?: { host: HostRunRow; modules: ModuleRunRow[] } | undefined;
}

const href = (path: string, query: Record<string, string | undefined> = {}) => {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
};

const hostHref = (name: string) => `/hosts/${encodeURIComponent(name)}`;
const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`;

/** Green, yellow, red or grey: how a status reads at a glance (the CSS class). */
function tone(status: string): 'ok' | 'warn' | 'bad' | 'dim' {
  if (['ok', 'converged', 'installed', 'changed'].includes(status)) return 'ok';
  if (['pending', 'interrupted'].includes(status)) return 'warn';
  if (['failed', 'refused', 'unreachable'].includes(status)) return 'bad';
  return 'dim';
}

const badge = (status: string) => html`<span class="badge ${tone(status)}" data-status="${status}">${status}</span>`;

/** healthy / unhealthy / no checks, from a module's health reports. */
function healthBadge(module: ModuleRunRow): SafeHtml {
  if (module.health.length === 0) return html`<span class="health dim" data-health="none">no checks</span>`;
  const failed = module.health.filter((h) => !h.ok).length;
  return failed === 0
    ? html`<span class="health ok" data-health="ok">healthy</span>`
    : html`<span class="health bad" data-health="failed">unhealthy (${failed} of ${module.health.length})</span>`;
}

function page(title: string, current: 'hosts' | 'runs', drift: DriftState, body: SafeHtml): string {
  const nav = (path: string, label: string, key: typeof current) => html`<a href="${path}"${key === current ? html` aria-current="page"` : ''}>${label}</a>`;
  const driftLine = driftText(drift);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Phanes</title><link rel="stylesheet" href="/style.css"><script src="/app.js" defer></script></head>
<body><header><strong>Phanes</strong> <nav>${nav('/', 'Hosts', 'hosts')} ${nav('/runs', 'Run history', 'runs')}</nav>
<form method="post" action="/drift" class="drift"><span id="drift-state" data-running="${drift.running ? 'yes' : 'no'}">${driftLine}</span>
<button type="submit" id="check-drift"${drift.running ? html` disabled` : ''}>Check drift now</button>${drift.intervalSeconds > 0 ? ` every ${drift.intervalSeconds} s` : ''}</form></header>
<section id="live" hidden><h2>Running now</h2><div id="live-runs"></div></section>
<main><h1>${title}</h1>${body}</main></body></html>
`.text;
}

function vitalsCells(reached: HostRunRow | undefined): SafeHtml {
  const v = reached?.vitals;
  const mem = v && v.memoryTotalKiB !== null ? `${v.memoryAvailableKiB !== null ? formatKiB(v.memoryTotalKiB - v.memoryAvailableKiB) : '?'} of ${formatKiB(v.memoryTotalKiB)}` : '';
  const disk = v && v.diskTotalKiB !== null ? `${v.diskUsedKiB !== null ? formatKiB(v.diskUsedKiB) : '?'} of ${formatKiB(v.diskTotalKiB)}` : '';
  return html`<td class="os">${reached?.os?.prettyName ?? ''}</td><td class="uptime">${v?.uptimeSeconds != null ? formatUptime(v.uptimeSeconds) : ''}</td><td class="memory">${mem}</td><td class="disk">${disk}</td>`;
}

/** The plan that tells the host's drift: the newest one, unless an apply came after it. */
function currentPlan(view: HostView): HostView['plan'] {
  if (!view.plan || !view.latest || view.latest.host.startedAt <= view.plan.host.startedAt) return view.plan;
  return undefined;
}

/** The drift a host's newest plan found (modules with steps pending), or what the apply after it left. */
function driftOf(view: HostView): SafeHtml {
  const plan = currentPlan(view);
  if (!plan) {
    // An apply that ended ok left the host as the inventory says: nothing to drift from yet.
    if (view.latest?.host.mode === 'apply' && view.latest.host.status === 'ok') return html`<span class="badge ok" data-drift="none">in sync (applied)</span>`;
    return html`<span class="dim">not checked</span>`;
  }
  if (plan.host.status === 'unreachable') return html`<span class="badge bad">unreachable</span>`;
  const pending = plan.modules.filter((m) => m.status === 'pending');
  return pending.length === 0
    ? html`<span class="badge ok" data-drift="none">in sync</span>`
    : html`<span class="badge warn" data-drift="${pending.map((m) => m.module).join(' ')}">drifted: ${pending.map((m) => m.module).join(', ')}</span>`;
}

/** `/`: every host with its vitals, modules, health and drift. */
export function hostsPage(hosts: readonly HostView[], drift: DriftState, inventoryProblem?: string): string {
  const rows = hosts.map((view) => {
    const modules = view.latest?.modules ?? [];
    return html`<tr data-host="${view.name}"><td><a href="${hostHref(view.name)}">${view.name}</a></td>${vitalsCells(view.reached)}
<td class="modules">${modules.map((m) => html`<span class="module" data-module="${m.module}">${m.module} ${badge(m.status)} ${healthBadge(m)}</span> `)}</td>
<td class="drift">${driftOf(view)}</td>
<td>${view.latest ? html`<a href="${runHref(view.latest.host.runId)}">${view.latest.host.mode} ${formatTime(view.latest.host.startedAt)}</a> ${badge(view.latest.host.status)}` : html`<span class="dim">never run</span>`}</td></tr>`;
  });
  const problem = inventoryProblem ? html`<p class="problem">${inventoryProblem}</p>` : '';
  return page(
    'Hosts',
    'hosts',
    drift,
    html`${problem}<table id="hosts"><thead><tr><th>Host</th><th>OS</th><th>Uptime</th><th>Memory used</th><th>Disk used (/)</th><th>Modules (status, health)</th><th>Drift</th><th>Last run</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="8">No hosts in the inventory.</td></tr>`}</tbody></table>`,
  );
}

function stepsList(module: ModuleRunRow): SafeHtml {
  if (module.steps.length === 0) return html``;
  return html`<ol class="steps">${module.steps.map(
    (s, i) => html`<li${module.failedStep === i ? html` class="failed-step"` : ''}>${s.title}${s.diff ? html`<details><summary>diff</summary><pre>${s.diff}</pre></details>` : ''}</li>`,
  )}</ol>`;
}

function healthList(module: ModuleRunRow): SafeHtml {
  if (module.health.length === 0) return html``;
  return html`<ul class="health-checks">${module.health.map(
    (h) => html`<li class="${h.ok ? 'ok' : 'bad'}">${h.ok ? '✓' : '✗'} ${h.title}${!h.ok && h.hint ? html`<div class="hint">hint: ${h.hint}</div>` : ''}</li>`,
  )}</ul>`;
}

function modulesTable(modules: readonly ModuleRunRow[], withHost: boolean): SafeHtml {
  return html`<table class="modules-table"><thead><tr>${withHost ? html`<th>Host</th>` : ''}<th>Module</th><th>Status</th><th>Health</th><th>Steps</th><th>Output</th><th>Time</th></tr></thead><tbody>${modules.map(
    (m) => html`<tr data-module="${m.module}"${withHost ? html` data-host="${m.host}"` : ''}>${withHost ? html`<td><a href="${hostHref(m.host)}">${m.host}</a></td>` : ''}<td>${m.module}</td><td>${badge(m.status)}</td>
<td>${healthBadge(m)}${healthList(m)}</td><td>${stepsList(m)}</td><td>${m.error ? html`<pre class="output">${m.error}</pre>` : ''}${m.notes.map((n) => html`<p class="note">${n}</p>`)}</td><td>${formatDuration(m.durationMs)}</td></tr>`,
  )}</tbody></table>`;
}

function runsTable(runs: readonly RunRow[]): SafeHtml {
  return html`<table id="runs"><thead><tr><th>Started</th><th>Run</th><th>Mode</th><th>By</th><th>Status</th><th>Hosts</th><th>Not ok</th><th>Duration</th></tr></thead><tbody>${runs.map(
    (r) => html`<tr data-run="${r.id}"><td>${formatTime(r.startedAt)}</td><td><a href="${runHref(r.id)}">${r.id.slice(0, 8)}</a></td><td>${r.mode}</td><td>${r.trigger}</td><td>${badge(r.status)}</td><td>${r.hosts}</td><td>${r.failedHosts}</td><td>${formatDuration(r.durationMs)}</td></tr>`,
  )}</tbody></table>`;
}

/** `/hosts/NAME`: vitals, each module's status, health with hints and drift, and the host's recent runs. */
export function hostPage(view: HostView, runs: readonly RunRow[], drift: DriftState): string {
  const plan = currentPlan(view);
  const pending = plan?.modules.filter((m) => m.status === 'pending') ?? [];
  const driftSection = !plan
    ? html`<p class="dim">${driftOf(view)} No drift check since the last run.</p>`
    : pending.length === 0
      ? html`<p>In sync at ${formatTime(plan.host.startedAt)}.</p>`
      : html`<p>At ${formatTime(plan.host.startedAt)}, apply would run:</p>${modulesTable(pending, false)}`;
  const latest = view.latest;
  return page(
    view.name,
    'hosts',
    drift,
    html`<table id="vitals"><thead><tr><th>OS</th><th>Uptime</th><th>Memory used</th><th>Disk used (/)</th></tr></thead><tbody><tr>${vitalsCells(view.reached)}</tr></tbody></table>
<h2>Modules</h2>${latest ? html`<p>As the ${latest.host.mode} of ${formatTime(latest.host.startedAt)} found them (<a href="${runHref(latest.host.runId)}">run ${latest.host.runId.slice(0, 8)}</a>).</p>${latest.host.error ? html`<pre class="output">${latest.host.error}</pre>` : ''}${modulesTable(latest.modules, false)}` : html`<p class="dim">Never run.</p>`}
<h2>Drift</h2>${driftSection}
<h2>Recent runs</h2>${runsTable(runs)}<p><a href="${href('/runs', { host: view.name })}">All runs of ${view.name}</a></p>`,
  );
}

/** The statuses the history filter offers: module statuses, then host and run ones. */
export const FILTER_STATUSES: readonly string[] = [
  ...(['failed', 'changed', 'installed', 'converged', 'pending', 'refused', 'skipped', 'interrupted', 'not-applicable'] satisfies ModuleStatus[]),
  'unreachable',
  'ok',
];

function select(name: string, label: string, choices: readonly string[], chosen: string | undefined): SafeHtml {
  return html`<label>${label} <select name="${name}"><option value="">any</option>${choices.map((c) => html`<option value="${c}"${c === chosen ? html` selected` : ''}>${c}</option>`)}</select></label>`;
}

/** `/runs`: the history, newest first, filterable by host, module and status. */
export function runsPage(result: { runs: RunRow[]; total: number }, filter: RunFilter, choices: { hosts: string[]; modules: string[] }, offset: number, pageSize: number, drift: DriftState): string {
  const query = { host: filter.host, module: filter.module, status: filter.status };
  const more = offset + pageSize < result.total ? html`<a rel="next" href="${href('/runs', { ...query, offset: String(offset + pageSize) })}">older runs</a>` : '';
  const less = offset > 0 ? html`<a rel="prev" href="${href('/runs', { ...query, offset: String(Math.max(0, offset - pageSize)) })}">newer runs</a>` : '';
  return page(
    'Run history',
    'runs',
    drift,
    html`<form method="get" action="/runs" id="filter">${select('host', 'Host', choices.hosts, filter.host)} ${select('module', 'Module', choices.modules, filter.module)} ${select('status', 'Status', FILTER_STATUSES, filter.status)} <button type="submit">Filter</button></form>
<p id="count">${result.total} run${result.total === 1 ? '' : 's'}${result.total > 0 ? `, ${offset + 1}–${offset + result.runs.length} shown` : ''}</p>${runsTable(result.runs)}<p class="pages">${less} ${more}</p>`,
  );
}

/** `/runs/ID`: each host of a run, its modules, steps, outputs of failed steps and durations. */
export function runPage(detail: { run: RunRow; hosts: HostRunRow[]; modules: ModuleRunRow[] }, filter: RunFilter, drift: DriftState): string {
  const { run } = detail;
  const hosts = detail.hosts.filter((h) => filter.host === undefined || h.host === filter.host);
  const sections = hosts.map((h) => {
    const modules = detail.modules.filter((m) => m.host === h.host && (filter.module === undefined || m.module === filter.module) && (filter.status === undefined || m.status === filter.status || h.status === filter.status));
    return html`<section class="host-run" data-host="${h.host}"><h2><a href="${hostHref(h.host)}">${h.host}</a> ${badge(h.status)} <span class="dim">${formatDuration(h.durationMs)}</span></h2>
${h.error ? html`<pre class="output">${h.error}</pre>` : ''}${modulesTable(modules, false)}</section>`;
  });
  return page(
    `${run.mode} ${run.id.slice(0, 8)}`,
    'runs',
    drift,
    html`<p id="run-summary" data-status="${run.status}">${run.mode} by ${run.trigger}, started ${formatTime(run.startedAt)}, ${formatDuration(run.durationMs)}, ${run.hosts} host${run.hosts === 1 ? '' : 's'}: ${badge(run.status)}</p>
<p class="dim">Inventory ${run.inventory} · run ${run.id}</p>${sections}`,
  );
}

/** A page for a missing host or run. */
export function notFoundPage(what: string, drift: DriftState): string {
  return page('Not found', 'hosts', drift, html`<p>${what}</p>`);
}
