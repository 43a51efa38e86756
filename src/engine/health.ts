import type { Fact } from '../facts/fact.js';
import { timedCommand, timedCommandMs } from '../shell/timed-command.js';
import type { FactContext, HealthCheck, Module } from './module.js';
import type { HealthReport } from './results.js';

/** A health check's report, and how long it ran on the host. */
export interface HealthOutcome {
  readonly report: HealthReport;
  readonly durationMs: number;
}

/** A health check as a fact: it passes when its command exits 0; timed on the host (a module's time includes it). */
export function healthFacts(checks: readonly HealthCheck[]): Record<string, Fact<HealthOutcome>> {
  return Object.fromEntries(
    checks.map((check, i) => [
      String(i),
      {
        description: `health check ${check.title}`,
        command: timedCommand(check.command),
        parse: (output: string, exitCode: number): HealthOutcome => ({
          report: exitCode === 0 ? { title: check.title, ok: true } : { title: check.title, ok: false, hint: check.hint },
          durationMs: timedCommandMs(output),
        }),
      },
    ]),
  );
}

/** The reports of gathered health facts, and the time they took together. */
export function healthOutcomes(values: Record<string, unknown> | undefined): { reports: HealthReport[]; durationMs: number } {
  const outcomes = Object.values(values ?? {}) as HealthOutcome[];
  return { reports: outcomes.map((o) => o.report), durationMs: outcomes.reduce((sum, o) => sum + o.durationMs, 0) };
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
