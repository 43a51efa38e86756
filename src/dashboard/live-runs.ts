import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEventLine, RunRecord, RunStartLine } from '../state/run-recorder.js';
import { runStatusOf } from './run-status.js';
import { processAlive } from '../state/process-alive.js';

/** What the live feed tells the pages (as SSE events of the same names). */
export type LiveMessage =
  | { readonly kind: 'run-start'; readonly data: RunStartLine }
  | { readonly kind: 'run-event'; readonly data: RunEventLine & { readonly runId: string } }
  | { readonly kind: 'run-end'; readonly data: { readonly runId: string; readonly status: string } };

interface Tracked {
  readonly start: RunStartLine;
  offset: number;
  /** Every message so far: a page opened mid-run is shown the run from its start. */
  readonly messages: LiveMessage[];
}

/** The complete lines of `file` from byte `offset` on, and the offset after the last one. */
function readNewLines(file: string, offset: number): { lines: string[]; offset: number } {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(64 * 1024);
    let at = offset;
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, at)) > 0; at += n) chunks.push(Buffer.from(buffer.subarray(0, n)));
    const data = Buffer.concat(chunks);
    const end = data.lastIndexOf(0x0a) + 1; // a line still being written waits for the next poll
    return { lines: data.subarray(0, end).toString('utf8').split('\n').filter((l) => l !== ''), offset: offset + end };
  } finally {
    closeSync(fd);
  }
}

/**
 * Follows the runs that are going on (an events file without its record, whose process lives), whoever
 * started them: the CLI's applies and the dashboard's own drift checks. Polls the runs directory.
 */
export class LiveRuns {
  private readonly tracked = new Map<string, Tracked>();
  /** Runs seen ended or cut off: never followed again. */
  private readonly done = new Set<string>();
  private readonly records = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly send: (message: LiveMessage) => void,
    /** Called when new run records appeared (to index them). */
    private readonly onRecords: () => void,
  ) {}

  start(intervalMs = 400): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The messages of every run going on, from their starts: for a page that just connected. */
  replay(): LiveMessage[] {
    return [...this.tracked.values()].flatMap((t) => t.messages);
  }

  /** One look at the directory: new runs, new events, ended runs. */
  poll(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const records = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)));
    let newRecords = false;
    for (const id of records) if (!this.records.has(id)) (this.records.add(id), (newRecords = true));
    if (newRecords) this.onRecords();
    for (const name of names) {
      if (!name.endsWith('.events.jsonl')) continue;
      const id = name.slice(0, -'.events.jsonl'.length);
      if (this.done.has(id)) continue;
      try {
        this.follow(id, join(this.dir, name), records.has(id));
      } catch {
        this.done.add(id); // unreadable: not shown live; its record (if any) is still indexed
        this.tracked.delete(id);
      }
    }
  }

  private follow(id: string, file: string, ended: boolean): void {
    let run = this.tracked.get(id);
    if (!run) {
      if (ended) return void this.done.add(id); // ended before we saw it: the history has it
      const first = readNewLines(file, 0);
      const start = first.lines[0] ? (JSON.parse(first.lines[0]) as RunStartLine) : undefined;
      if (!start) return; // its first line is still being written
      if (!processAlive(start.pid)) return void this.done.add(id); // cut off: no record will come
      run = { start, offset: Buffer.byteLength(first.lines[0]!) + 1, messages: [] };
      this.tracked.set(id, run);
      this.emit(run, { kind: 'run-start', data: start });
    }
    const next = readNewLines(file, run.offset);
    run.offset = next.offset;
    for (const line of next.lines) this.emit(run, { kind: 'run-event', data: { ...(JSON.parse(line) as RunEventLine), runId: id } });
    if (ended) {
      let status = 'ok';
      try {
        status = runStatusOf((JSON.parse(readFileSync(join(this.dir, `${id}.json`), 'utf8')) as RunRecord).summary);
      } catch {
        status = 'unknown';
      }
      this.send({ kind: 'run-end', data: { runId: id, status } });
      this.tracked.delete(id);
      this.done.add(id);
    } else if (!processAlive(run.start.pid) && !existsSync(join(this.dir, `${id}.json`))) {
      this.send({ kind: 'run-end', data: { runId: id, status: 'interrupted' } });
      this.tracked.delete(id);
      this.done.add(id);
    }
  }

  private emit(run: Tracked, message: LiveMessage): void {
    run.messages.push(message);
    this.send(message);
  }
}
