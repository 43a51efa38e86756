import { describe, expect, it } from 'vitest';
import type { HostResult, ModuleResult, RunSummary } from '../../../src/engine/results.js';
import { colorsFor } from '../../../src/report/colors.js';
import { renderSummary } from '../../../src/report/summary-table.js';

const plain = colorsFor({ isTTY: false });
const module = (name: string, status: ModuleResult['status'], error?: string): ModuleResult => ({ module: name, status, steps: [], durationMs: 1200, ...(error && { error }) });
const host = (name: string, status: HostResult['status'], modules: ModuleResult[], error?: HostResult['error']): HostResult => ({
  host: name,
  status,
  modules,
  connections: 1,
  commands: 2,
  durationMs: 2000,
  ...(error && { error }),
});
const summary = (mode: RunSummary['mode'], hosts: HostResult[]): RunSummary => ({ runId: 'r', mode, startedAt: '', durationMs: 3400, interrupted: false, hosts });

describe('the summary footer', () => {
  it('counts hosts and modules apart (a plan with unreachable hosts)', () => {
    const hosts = [
      host('a', 'ok', [module('baseline', 'converged'), module('user', 'pending')]),
      host('b', 'unreachable', [module('baseline', 'skipped'), module('user', 'skipped')], { kind: 'unreachable', message: 'b: cannot connect' }),
    ];
    expect(renderSummary(summary('plan', hosts), plain)).toContain('Plan: 2 hosts: 1 ok, 1 unreachable; 2 modules: 1 converged, 1 would change, 0 failed in 3.4s');
  });

  it('says a host failed when only its record could not be written (the exit code is 5 then)', () => {
    const hosts = [host('a', 'failed', [module('baseline', 'changed')], { kind: 'state', message: "a: writing the host's record failed: exit 1: No space left on device" })];
    const text = renderSummary(summary('apply', hosts), plain);
    expect(text).toContain('Apply: 1 host: 0 ok, 1 failed; 1 module: 1 changed, 0 failed in 3.4s');
    expect(text).toContain("✖ a: writing the host's record failed");
  });

  it('shows the modules a host lost mid-run had finished, and what the interrupted one was doing', () => {
    const hosts = [
      host('a', 'unreachable', [module('baseline', 'changed'), module('files', 'failed', 'a: no answer for 30 s (in step "Write /x")'), module('user', 'skipped')], {
        kind: 'unreachable',
        message: 'a: no answer for 30 s',
      }),
      host('b', 'interrupted', [module('baseline', 'interrupted', 'b: interrupted while a command ran; it was stopped (in step "Install tree")')]),
    ];
    const text = renderSummary(summary('apply', hosts), plain);
    expect(text).toMatch(/a\s+baseline\s+changed/);
    expect(text).toContain('✖ a files: a: no answer for 30 s (in step "Write /x")');
    expect(text).toContain('- b baseline: b: interrupted while a command ran; it was stopped (in step "Install tree")');
    expect(text).toContain('Apply: 2 hosts: 0 ok, 1 unreachable, 1 interrupted; 4 modules: 1 changed, 1 failed, 1 skipped, 1 interrupted in 3.4s');
  });
});
