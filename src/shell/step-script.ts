import type { Step } from '../engine/step.js';
import { join, raw, sh, type ShellText } from './command.js';
import { renderFileWrite } from './file-write.js';
import type { Markers } from './markers.js';

/** The shell text of one step. */
export function renderStep(step: Step): ShellText {
  return step.kind === 'command' ? step.command : renderFileWrite(step);
}

/**
 * One script for all of a module's steps: stops at the first failure (`set -eu`), and announces each step
 * on stderr with a marker line, so progress streams back and a failure names its step.
 */
export function renderStepScript(steps: readonly Step[], markers: Markers): ShellText {
  const body = steps.map((step, id) =>
    // Each step in its own subshell: a `cd` or variable of one step cannot leak into the next.
    join([sh`printf '\\n%s\\n' ${markers.step(id)} >&2`, raw('('), renderStep(step), raw(')')], '\n'),
  );
  return join([raw('set -eu\nexport DEBIAN_FRONTEND=noninteractive LC_ALL=C'), ...body], '\n');
}
