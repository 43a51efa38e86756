import type { HostResult, ModuleResult, RunSummary, StepReport } from '../../../src/engine/results.js';

/** Small builders of run results for the report tests. */
export const step = (title: string, extra: Partial<StepReport> = {}): StepReport => ({ title, detail: extra.detail ?? `run ${title}`, ...extra });
export const mod = (module: string, status: ModuleResult['status'], extra: Partial<ModuleResult> = {}): ModuleResult => ({ module, status, steps: [], durationMs: 1500, ...extra });
export const host = (name: string, modules: ModuleResult[], extra: Partial<HostResult> = {}): HostResult => ({
  host: name,
  status: 'ok',
  modules,
  connections: 1,
  commands: 1,
  durationMs: 2000,
  ...extra,
});
export const run = (mode: RunSummary['mode'], hosts: HostResult[]): RunSummary => ({ runId: 'r', mode, startedAt: '', durationMs: 4200, interrupted: false, hosts });

/** A diff of the nginx site file as plan shows it. */
export const SITE_DIFF = '--- /etc/nginx/sites-enabled/app\ton the host\n+++ /etc/nginx/sites-enabled/app\twanted\n@@ -1,1 +1,1 @@\n-listen 80;\n+listen 8080;\n';

/** web1..3 would change the same; web4 differs in one diff line; db is unreachable. */
export function fleetPlan(): RunSummary {
  const same = () => [mod('baseline', 'converged'), mod('nginx', 'pending', { steps: [step('Write /etc/nginx/sites-enabled/app', { detail: 'write /etc/nginx/sites-enabled/app', diff: SITE_DIFF })] })];
  return run('plan', [
    host('web1', same()),
    host('web2', same()),
    host('web4', [mod('baseline', 'converged'), mod('nginx', 'pending', { steps: [step('Write /etc/nginx/sites-enabled/app', { detail: 'write /etc/nginx/sites-enabled/app', diff: SITE_DIFF.replace('8080', '8081') })] })]),
    host('web3', same()),
    host('db', [mod('baseline', 'skipped'), mod('postgres', 'skipped')], { status: 'unreachable', error: { kind: 'unreachable', message: 'db: cannot connect to 10.0.0.9:22: ECONNREFUSED', hint: 'is sshd running?' } }),
    host('cache1', [mod('baseline', 'converged')]),
    host('cache2', [mod('baseline', 'converged'), mod('redis', 'converged')]),
  ]);
}
