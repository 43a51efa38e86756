import type { ModuleStatus } from '../engine/results.js';
import type { Colors } from './colors.js';
import { fleetCounts, type FleetCounts, type FleetProgress, type HostProgress } from './fleet-progress.js';
import { fitWidth, lineWidth, printable } from './terminal-line.js';

/** The terminal the frame is drawn on, and the time to draw it at. */
export interface Screen {
  readonly width: number;
  readonly height: number;
  /** ms, as Date.now(). */
  readonly now: number;
  readonly colors: Colors;
}

const BAR_MAX = 30;
const BAR_MIN = 5;
const NAME_MAX = 24;
const BAD: ReadonlySet<ModuleStatus> = new Set(['failed', 'refused', 'interrupted']);

/** m:ss, or h:mm:ss from an hour on. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/**
 * One frame of the live view: at most height - 1 lines (the cursor's row stays free, so the frame never
 * scrolls), none wider than the screen. The whole tree (every host and module) while it fits; past that the
 * fleet line, failures pinned, and as many running hosts as the rows left hold.
 */
export function layoutFleet(fleet: FleetProgress, screen: Screen): string[] {
  const rows = screen.height - 1;
  if (rows <= 0 || screen.width <= 0) return [];
  const counts = fleetCounts(fleet);
  const head = fleetLine(fleet, counts, screen);
  const treeRows = fleet.hosts.reduce((sum, h) => sum + 1 + h.modules.length, 1);
  const body = treeRows <= rows ? tree(fleet, screen) : compact(fleet, counts, rows - 1, screen);
  return [head, ...body].map((line) => fitWidth(line, screen.width));
}

/** `apply [#####.....] 37/200 hosts  2 failed  1 unreachable  0:42 elapsed  ETA 1:50` */
function fleetLine(fleet: FleetProgress, counts: FleetCounts, { width, now, colors: c }: Screen): string {
  const elapsed = (fleet.endedAt ?? now) - fleet.startedAt;
  const parts = [
    `${counts.done}/${counts.total} hosts`,
    counts.failed > 0 ? c.red(`${counts.failed} failed`) : `${counts.failed} failed`,
    counts.unreachable > 0 ? c.red(`${counts.unreachable} unreachable`) : `${counts.unreachable} unreachable`,
    ...(counts.interrupted > 0 ? [c.yellow(`${counts.interrupted} interrupted`)] : []),
  ];
  if (fleet.endedAt !== undefined) parts.push(`done in ${clock(elapsed)}`);
  else {
    parts.push(`${clock(elapsed)} elapsed`);
    // The hosts left at the pace the done ones came; unknown until one is done.
    parts.push(counts.done > 0 ? `ETA ${clock(((counts.total - counts.done) * elapsed) / counts.done)}` : 'ETA -:--');
  }
  const mode = c.bold(fleet.mode);
  const text = parts.join('  ');
  const room = width - lineWidth(fleet.mode) - lineWidth(text) - 4; // two spaces and the brackets
  if (room < BAR_MIN) return `${mode} ${text}`;
  const inner = Math.min(BAR_MAX, room);
  const filled = counts.total === 0 ? inner : Math.floor((inner * counts.done) / counts.total);
  return `${mode} [${c.green('#'.repeat(filled))}${c.dim('.'.repeat(inner - filled))}] ${text}`;
}

/** Every host with its modules: only while all of it fits. */
function tree(fleet: FleetProgress, screen: Screen): string[] {
  const c = screen.colors;
  const lines: string[] = [];
  for (const host of fleet.hosts) {
    // A module's error shows on its own line; the host's line says only what no module line does.
    const why = host.failure !== undefined && host.failureModule === undefined ? `  ${printable(host.failure)}` : '';
    lines.push(`${hostMark(host, c)} ${c.bold(printable(host.name))}  ${hostState(host, screen)}${why}`);
    for (const module of host.modules) {
      const status = host.moduleStatus.get(module);
      const name = printable(module);
      if (host.current?.name === module) lines.push(`    ${c.cyan('›')} ${name} ${c.dim(stepText(host))}`);
      else if (status === undefined) lines.push(`    ${c.dim(`· ${name}`)}`);
      else if (BAD.has(status)) lines.push(`    ${c.red(`✖ ${name} ${status}`)}${errorTail(host.moduleError.get(module))}`);
      else if (status === 'skipped' || status === 'not-applicable') lines.push(`    ${c.dim(`- ${name} ${status}`)}${errorTail(host.moduleError.get(module))}`);
      else lines.push(`    ${c.green('✔')} ${name} ${statusWord(status)}`);
    }
  }
  return lines;
}

/**
 * Failures pinned (in the order they came), then the hosts running (longest running first); finished hosts
 * are only counted. Each list gets at least half the rows when both need more than there are.
 */
function compact(fleet: FleetProgress, counts: FleetCounts, rows: number, screen: Screen): string[] {
  if (rows <= 0) return [];
  const failures = fleet.hosts.filter((h) => h.failedAt !== undefined).sort((a, b) => a.failedAt! - b.failedAt!);
  const active = fleet.hosts
    .filter((h) => h.stage === 'running' || h.stage === 'waiting')
    .sort((a, b) => (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity));
  const fit = failures.length + active.length <= rows;
  const failureRows = fit ? failures.length : Math.min(failures.length, Math.max(Math.ceil(rows / 2), rows - active.length));
  const activeRows = Math.min(active.length, rows - failureRows);
  const shown = [...failures.slice(0, failureRows), ...active.slice(0, activeRows)];
  const nameWidth = Math.min(NAME_MAX, Math.max(0, ...shown.map((h) => lineWidth(printable(h.name)))));
  const name = (host: HostProgress) => {
    const text = fitWidth(printable(host.name), nameWidth);
    return text + ' '.repeat(nameWidth - lineWidth(text));
  };
  const c = screen.colors;
  const pending = fleet.endedAt === undefined ? counts.notStarted - active.filter((h) => h.stage === 'waiting').length : 0;
  const notStarted = `${pending} not started yet`;
  const lines = [
    ...listed(failures, failureRows, (host) => `${c.red('✖')} ${name(host)}  ${c.red(host.stage)}  ${printable(host.failure ?? '')}`, (more) => c.red(`✖ ${more} more failed or unreachable (the summary lists them)`)),
    ...listed(active, activeRows, (host) => `${c.cyan('›')} ${name(host)}  ${hostState(host, screen)}`, (more) => c.dim(`… ${more} more running${pending > 0 ? `, ${notStarted}` : ''}`)),
  ];
  if (pending > 0 && activeRows === active.length && lines.length < rows) lines.push(c.dim(`  ${notStarted}`));
  return lines;
}

/** The first `rows` of `hosts`, the last of them replaced by "N more" when some do not fit. */
function listed(hosts: readonly HostProgress[], rows: number, line: (host: HostProgress) => string, more: (count: number) => string): string[] {
  if (rows <= 0) return [];
  if (hosts.length <= rows) return hosts.map(line);
  return [...hosts.slice(0, rows - 1).map(line), more(hosts.length - rows + 1)];
}

function hostMark(host: HostProgress, c: Colors): string {
  switch (host.stage) {
    case 'ok':
      return c.green('✔');
    case 'failed':
    case 'unreachable':
      return c.red('✖');
    case 'interrupted':
      return c.yellow('■');
    case 'running':
      return c.cyan('›');
    default:
      return c.dim('·');
  }
}

/** What a host does now (running), or how it ended. */
function hostState(host: HostProgress, { now, colors: c }: Screen): string {
  const took = host.startedAt === undefined ? '' : ` ${seconds((host.endedAt ?? now) - host.startedAt)}`;
  switch (host.stage) {
    case 'pending':
      return '';
    case 'waiting':
      return c.dim(printable(host.phase ?? 'waiting'));
    case 'running': {
      // Whole seconds while it runs: the frame changes when the host does, not ten times a second.
      const running = host.startedAt === undefined ? '' : `${Math.floor((now - host.startedAt) / 1000)}s`;
      const doing = host.current ? `${printable(host.current.name)} ${stepText(host)}` : printable(host.phase ?? 'checking facts again');
      return `${c.dim(running.padStart(4))}  ${doing}`;
    }
    case 'ok':
      return c.green(`ok${took}`);
    case 'interrupted':
      return c.yellow(`interrupted${took}`);
    default:
      return c.red(`${host.stage}${took}`);
  }
}

function stepText(host: HostProgress): string {
  const current = host.current;
  if (!current) return '';
  if (current.step < 0) return `${current.steps} step${current.steps === 1 ? '' : 's'}`;
  return `[${current.step + 1}/${current.steps}] ${printable(current.stepTitle)}`;
}

function errorTail(error: string | undefined): string {
  return error ? `: ${printable(error)}` : '';
}

function statusWord(status: ModuleStatus): string {
  return status === 'pending' ? 'would change' : status;
}
