import type { Fact } from '../facts/fact.js';
import type { FactContext, HealthCheck, Module } from './module.js';
import type { HealthReport } from './results.js';

/** A health check as a fact: it passes when its command exits 0. */
export function healthFacts(checks: readonly HealthCheck[]): Record<string, Fact<HealthReport>> {
  return Object.fromEntries(
    checks.map((check, i) => [
      String(i),
      {
        description: `health check ${check.title}`,
        command: check.command,
        parse: (_output: string, exitCode: number): HealthReport => (exitCode === 0 ? { title: check.title, ok: true } : { title: check.title, ok: false, hint: check.hint }),
      },
    ]),
  );
}

/** The module's checks for these settings ([] when it has none). */
export function healthChecksOf(module: Module, settings: unknown, context: FactContext): HealthCheck[] {
  return module.health?.(settings, context) ?? [];
}

/** The error a module reports when some of its checks failed, or undefined when all passed. */
export function healthError(reports: readonly HealthReport[]): string | undefined {
  const failed = reports.filter((r) => !r.ok);
  if (failed.length === 0) return undefined;
  return failed.map((r) => `health check "${r.title}" failed${r.hint ? ` (hint: ${r.hint})` : ''}`).join('; ');
}
