import { createTwoFilesPatch } from 'diff';
import type { StepReport } from './results.js';
import type { FileStep, Step } from './step.js';
import { SECRET_CONTENT_NOTE } from '../shell/file-write.js';
import { isSecret } from '../shell/secret.js';

/** Unified diff of a file step against the host's copy, with mode and owner changes; secrets never shown. */
export function fileDiff(step: FileStep): string {
  const before = step.current;
  const meta: string[] = [];
  const wantedMeta = `${step.mode} ${step.owner}:${step.group}`;
  if (!before) meta.push(`new file, ${wantedMeta}`);
  else if (`${before.mode} ${before.owner}:${before.group}` !== wantedMeta) {
    meta.push(`mode/owner ${before.mode} ${before.owner}:${before.group} -> ${wantedMeta}`);
  }
  if (isSecret(step.content)) return [...meta, SECRET_CONTENT_NOTE].join('\n') + '\n';
  const patch = createTwoFilesPatch(step.path, step.path, before?.content ?? '', step.content, before ? 'on the host' : '(absent)', 'wanted', { context: 3 });
  // Drop the `Index:` and `===` header lines: the ---/+++ lines already name the file.
  const body = patch.split('\n').filter((line, i) => !(i < 2 && (line.startsWith('Index:') || line.startsWith('===')))).join('\n');
  const changed = before?.content !== step.content;
  return [...meta, ...(changed ? [body.trimEnd()] : [])].join('\n') + '\n';
}

/**
 * A step as plan, logs and JSON show it: secrets masked, file steps with their diff when `withDiff` (a diff
 * of a large file costs real CPU: it is made only when someone will see it).
 */
export function describeStep(step: Step, withDiff: boolean): StepReport {
  if (step.kind === 'command') return { title: step.title, detail: step.command.shown };
  return { title: step.title, detail: `write ${step.path}`, ...(withDiff && { diff: fileDiff(step) }) };
}
