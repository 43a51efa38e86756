import { createTwoFilesPatch } from 'diff';
import type { StepReport } from './results.js';
import type { FileStep, Step } from './step.js';
import { SECRET_CONTENT_NOTE } from '../shell/file-write.js';
import { isSecret } from '../shell/secret.js';

/**
 * Lines added and removed beyond which a file's diff is not shown: the diff's cost grows with the file's
 * length times this, and a file rewritten line by line would cost seconds of CPU per host to show nobody.
 */
const MAX_DIFF_EDITS = 1000;

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
  const changed = before?.content !== step.content;
  if (!changed) return [...meta].join('\n') + '\n';
  const patch = createTwoFilesPatch(step.path, step.path, before?.content ?? '', step.content, before ? 'on the host' : '(absent)', 'wanted', {
    context: 3,
    maxEditLength: MAX_DIFF_EDITS,
  });
  if (patch === undefined) {
    const lines = (text: string) => text.split('\n').length;
    return [...meta, `(${lines(before?.content ?? '')} lines on the host, ${lines(step.content)} wanted: more than ${MAX_DIFF_EDITS} lines differ, too many to show)`].join('\n') + '\n';
  }
  // Drop the `Index:` and `===` header lines: the ---/+++ lines already name the file.
  const body = patch.split('\n').filter((line, i) => !(i < 2 && (line.startsWith('Index:') || line.startsWith('===')))).join('\n');
  return [...meta, body.trimEnd()].join('\n') + '\n';
}

/**
 * A step as plan, logs and JSON show it: secrets masked, file steps with their diff when `withDiff` (a diff
 * of a large file costs real CPU: it is made only when someone will see it).
 */
export function describeStep(step: Step, withDiff: boolean): StepReport {
  if (step.kind === 'command') return { title: step.title, detail: step.command.shown };
  return { title: step.title, detail: `write ${step.path}`, ...(withDiff && { diff: fileDiff(step) }) };
}
