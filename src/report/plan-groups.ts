import type { HostResult, ModuleResult, RunSummary } from '../engine/results.js';

/** Hosts whose plans read the same, in the order the first of them appears in the run. */
export interface PlanGroup {
  readonly hosts: readonly HostResult[];
}

/** A module plan output shows: one with changes, a failure or refusal, or notes. */
export function shownInPlan(m: ModuleResult): boolean {
  return m.status === 'pending' || m.status === 'refused' || m.status === 'failed' || (m.notes?.length ?? 0) > 0;
}

/**
 * What a host's plan shows, as a key: its modules with changes (steps with their commands and diffs, as
 * reports already mask them), failures and notes. Converged modules show nothing, so hosts with different
 * module lists that would change the same things read the same. A host that was not fully planned
 * (unreachable, its facts failed, interrupted) has no key: its error is its own. A host failed by a
 * module's refusal or failing health check was planned: the module's error is part of its plan.
 */
function planKey(host: HostResult): string | undefined {
  if (host.error || host.status === 'unreachable' || host.status === 'interrupted') return undefined;
  return JSON.stringify(
    host.modules.filter(shownInPlan).map((m) => [m.module, m.status, m.notes ?? [], m.status === 'pending' ? m.steps.map((s) => [s.title, s.detail, s.diff ?? null]) : (m.error ?? '')]),
  );
}

/** The run's hosts grouped by identical plans (same steps, same diffs, after masking). */
export function groupPlans(summary: RunSummary): PlanGroup[] {
  const groups: { hosts: HostResult[] }[] = [];
  const byKey = new Map<string, { hosts: HostResult[] }>();
  for (const host of summary.hosts) {
    const key = planKey(host);
    const group = key === undefined ? undefined : byKey.get(key);
    if (group) {
      group.hosts.push(host);
      continue;
    }
    const created = { hosts: [host] };
    groups.push(created);
    if (key !== undefined) byKey.set(key, created);
  }
  return groups;
}

/** `web1, web2, web3 (3 hosts)`, or the one host's name. */
export function groupTitle(group: PlanGroup): string {
  const names = group.hosts.map((h) => h.host).join(', ');
  return group.hosts.length === 1 ? names : `${names} (${group.hosts.length} hosts)`;
}
