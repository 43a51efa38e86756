import type { HostResult, ModuleStatus, RunMode } from './results.js';

/** Progress of a run, as views (the live view, plain lines, logs) receive it. */
export type RunEvent =
  | { readonly type: 'host-start'; readonly host: string; readonly modules: readonly string[] }
  | { readonly type: 'host-phase'; readonly host: string; readonly phase: 'connecting' | 'gathering facts' | 'writing state' | `waiting for ${string}` }
  | { readonly type: 'module-start'; readonly host: string; readonly module: string; readonly steps: readonly string[] }
  | { readonly type: 'step-start'; readonly host: string; readonly module: string; readonly index: number; readonly title: string }
  | { readonly type: 'module-end'; readonly host: string; readonly module: string; readonly status: ModuleStatus; readonly error?: string }
  | { readonly type: 'host-end'; readonly host: string; readonly result: HostResult };

export type RunListener = (event: RunEvent) => void;

/** What a run is asked to do, for views that print a header. */
export interface RunDescription {
  readonly mode: RunMode;
  readonly hosts: readonly { readonly name: string; readonly modules: readonly string[] }[];
}
