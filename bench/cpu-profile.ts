import { readFileSync } from 'node:fs';

/** The parts of V8's .cpuprofile format (node --cpu-prof) this summary reads. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Where a function lives: a package, Node's internals, Phanes itself, or V8's own buckets. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/dist\/(src|modules|schemas)\/(.*)$/.exec(url);
  if (own) return `phanes ${own[1]}/${own[2]!.split('/')[0]}`;
  return url;
}

function table(title: string, entries: [string, number][], total: number, limit: number): string {
  const rows = entries
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => `| ${name.replace(/\|/g, '\\|')} | ${(us / 1000).toFixed(0)} | ${((100 * us) / total).toFixed(1)}% |`);
  return [`| ${title} | self ms | share |`, '| --- | ---: | ---: |', ...rows].join('\n');
}

/** Self time by area and by function (top 20), as markdown. */
export function summarizeProfile(file: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = area(url, functionName);
    byArea.set(where, (byArea.get(where) ?? 0) + us);
    const file = url.replace(/^.*\/(node_modules|dist)\//, '');
    const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  return (
    `${(total / 1000).toFixed(0)} ms sampled over ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms of the process's life.\n\n` +
    `${table('area', [...byArea], total, 15)}\n\n${table('function', [...byFunction], total, 20)}\n`
  );
}

if (process.argv[1]?.endsWith('cpu-profile.js') && process.argv[2]) process.stdout.write(summarizeProfile(process.argv[2]));
