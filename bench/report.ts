/** One line of the benchmark's table: a tool and scenario at one size, over its measured runs. */
export interface Row {
  readonly n: number;
  readonly tool: string;
  /** noop: nothing to change; change: one file differs on every host; true: the floor's `true`. */
  readonly scenario: 'noop' | 'change' | 'true';
  readonly runs: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** CPU the sshd's and everything they ran used during the run (the hosts' side, same machine). */
  readonly targetCpuMs: number;
  readonly peakPssMiB: number;
  readonly maxRssMiB: number;
  readonly connectionsPerHost: number;
  readonly commandsPerHost: number;
  readonly wallsMs: readonly number[];
  /** The machine's highest 1-minute load average seen at the start of a measured run (other work on it skews figures). */
  readonly load: number;
  /** The highest share (%) of the machine's CPU time the hypervisor stole during one measured run. */
  readonly steal?: number;
  /** Measured in rounds with the other interleaved rows of its size: run i of each, back to back. */
  readonly interleaved?: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

function find(rows: readonly Row[], n: number, tool: string, scenario: Row['scenario']): Row | undefined {
  return rows.find((r) => r.n === n && r.tool === tool && r.scenario === scenario);
}

/**
 * Wall time of a against b. For rows measured in rounds, the median of the ratios of runs measured back
 * to back: the machine's drift between rounds then cancels out. Otherwise the ratio of the medians.
 */
function ratio(a: Row | undefined, b: Row | undefined): string {
  if (!a || !b) return 'n/a';
  if (a.interleaved && b.interleaved && a.wallsMs.length === b.wallsMs.length) {
    return `${median(a.wallsMs.map((wall, i) => wall / b.wallsMs[i]!)).toFixed(2)}x`;
  }
  // Rounds that one row left early (a slow tool measured twice) cannot be paired.
  return `${(a.wallMs / b.wallMs).toFixed(2)}x${a.interleaved && b.interleaved ? ' (medians)' : ''}`;
}

/** Controller plus hosts' CPU: what the run costs this machine, whatever else runs on it. */
function cpuRatio(a: Row | undefined, b: Row | undefined): string {
  return a && b ? `${((a.cpuMs + a.targetCpuMs) / (b.cpuMs + b.targetCpuMs)).toFixed(2)}x` : 'n/a';
}

/** The markdown table of every row, then the ratios per size, all from the same run of the bench. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [
    '| N | tool | run | median wall (s) | controller CPU (s) | hosts\' CPU (s) | peak mem (MiB) | max RSS (MiB) | connections/host | commands/host | runs (s) | load | steal |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.n} | ${r.tool} | ${r.scenario} | ${seconds(r.wallMs)} | ${seconds(r.cpuMs)} | ${seconds(r.targetCpuMs)} | ${Math.round(r.peakPssMiB)} | ${Math.round(r.maxRssMiB)} | ` +
        `${count(r.connectionsPerHost)} | ${count(r.commandsPerHost)} | ${r.wallsMs.map((w) => seconds(w)).join(' ')} | ${r.load.toFixed(1)} | ${r.steal === undefined ? 'n/a' : `${r.steal.toFixed(0)}%`} |`,
    );
  }
  const ratios = [
    '',
    '| N | Phanes/Ansible no-op | Phanes/Ansible change | Phanes no-op/ssh2 floor | Phanes no-op/OpenSSH floor | all CPU: Phanes/Ansible no-op | all CPU: Phanes no-op/ssh2 floor |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const n of [...new Set(rows.map((r) => r.n))]) {
    const phanes = find(rows, n, 'phanes', 'noop');
    ratios.push(
      `| ${n} | ${ratio(phanes, find(rows, n, 'ansible', 'noop'))} | ${ratio(find(rows, n, 'phanes', 'change'), find(rows, n, 'ansible', 'change'))} | ` +
        `${ratio(phanes, find(rows, n, 'ssh2 floor', 'true'))} | ${ratio(phanes, find(rows, n, 'openssh floor', 'true'))} | ` +
        `${cpuRatio(phanes, find(rows, n, 'ansible', 'noop'))} | ${cpuRatio(phanes, find(rows, n, 'ssh2 floor', 'true'))} |`,
    );
  }
  return [...lines, ...ratios].join('\n') + '\n';
}
