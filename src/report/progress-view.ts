import { Listr, type ListrTaskWrapper } from 'listr2';
import type { HostResult, ModuleStatus, RunSummary } from '../engine/results.js';
import type { RunDescription, RunEvent, RunListener } from '../engine/run-events.js';

/** Something that settles once: a module or host finishing, awaited by its listr2 task. */
interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

type AnyTask = ListrTaskWrapper<unknown, any, any>;

const DONE_WORDS: Partial<Record<ModuleStatus, string>> = {
  converged: 'converged',
  installed: 'installed',
  changed: 'changed',
  pending: 'would change',
  skipped: 'skipped',
};

export interface ProgressView {
  readonly listener: RunListener;
  /** Settles every task from the final results (hosts never started included) and waits for the drawing to end. */
  finish(summary: RunSummary): Promise<void>;
}

/**
 * Live progress on a terminal with listr2: hosts as concurrent tasks, their modules as subtasks, the running
 * step as output. (CI logs and pipes get line-view.ts instead.)
 */
export function startProgressView(run: RunDescription): ProgressView {
  const modules = new Map<string, Deferred<{ status: ModuleStatus; error?: string }>>();
  const moduleTasks = new Map<string, AnyTask>();
  const hosts = new Map<string, Deferred<string | undefined>>();
  const phases = new Map<string, AnyTask>();
  const stepCounts = new Map<string, number>();
  const key = (host: string, module: string) => `${host}\u0000${module}`;
  for (const host of run.hosts) {
    hosts.set(host.name, deferred());
    for (const module of host.modules) modules.set(key(host.name, module), deferred());
  }

  const list = new Listr(
    run.hosts.map((host) => ({
      title: host.name,
      task: (_ctx: unknown, task: AnyTask) => {
        phases.set(host.name, task);
        return task.newListr(
          host.modules.map((module, index) => ({
            title: module,
            task: async (_c: unknown, sub: AnyTask) => {
              moduleTasks.set(key(host.name, module), sub);
              const { status, error } = await modules.get(key(host.name, module))!.promise;
              // A host that could not be reached fails on its first module, with the reason.
              const hostError = index === 0 && status === 'skipped' ? await hosts.get(host.name)!.promise : undefined;
              if (hostError) throw new Error(hostError);
              if (status === 'failed' || status === 'refused' || status === 'interrupted') {
                throw new Error(`${module}: ${status}${error ? `: ${error.split('\n')[0]}` : ''}`);
              }
              sub.title = `${module} ${DONE_WORDS[status] ?? status}`;
            },
          })),
          { concurrent: false, exitOnError: false },
        );
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      renderer: 'default',
      rendererOptions: { collapseSubtasks: false, collapseErrors: false, timer: undefined } as never,
      registerSignalListeners: false,
    },
  );
  const done = list.run().then(
    () => undefined,
    () => undefined,
  );

  const listener = (event: RunEvent) => {
    switch (event.type) {
      case 'host-phase': {
        const task = phases.get(event.host);
        if (task) task.title = `${event.host} ${event.phase}…`;
        break;
      }
      case 'module-start':
        stepCounts.set(key(event.host, event.module), event.steps.length);
        break;
      case 'step-start': {
        const task = moduleTasks.get(key(event.host, event.module));
        if (task) task.output = `[${event.index + 1}/${stepCounts.get(key(event.host, event.module)) ?? '?'}] ${event.title}`;
        break;
      }
      case 'module-end':
        modules.get(key(event.host, event.module))?.resolve({ status: event.status, ...(event.error && { error: event.error }) });
        break;
      case 'host-end':
        settleHost(event.result);
        break;
      default:
        break;
    }
  };
  // Modules never reached (unreachable or never started host) settle with the host so their tasks end.
  const settleHost = (result: HostResult) => {
    const task = phases.get(result.host);
    if (task) task.title = `${result.host} ${result.status} (${(result.durationMs / 1000).toFixed(1)}s)`;
    for (const m of result.modules) modules.get(key(result.host, m.module))?.resolve({ status: m.status });
    hosts.get(result.host)?.resolve(result.error?.message ?? (result.status === 'interrupted' ? 'interrupted' : undefined));
  };
  return {
    listener,
    finish: async (summary) => {
      for (const host of summary.hosts) settleHost(host);
      await done;
    },
  };
}
