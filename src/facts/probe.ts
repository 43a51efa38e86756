import { join, raw, sh, type ShellText } from '../shell/command.js';
import type { Markers } from '../shell/markers.js';
import type { Fact } from './fact.js';

/** One fact's raw result, before parsing. */
export interface RawFact {
  readonly output: string;
  readonly exitCode: number;
}

/**
 * One script that runs every fact, each in its own subshell (a fact that exits or fails cannot stop the
 * others), with its stdout framed by marker lines carrying the exit code.
 */
export function renderProbe(facts: readonly Fact<unknown>[], markers: Markers): ShellText {
  const parts = facts.map((fact, id) =>
    join(
      [
        sh`printf '%s\\n' ${markers.begin(id)}`,
        raw('('),
        fact.command,
        raw(') </dev/null 2>/dev/null'),
        sh`printf '\\n%s %s\\n' ${markers.end(id)} "$?"`,
      ],
      '\n',
    ),
  );
  return join([raw('LC_ALL=C; export LC_ALL'), ...parts], '\n');
}

/**
 * Splits probe output back into each fact's stdout and exit code. A fact whose frame is missing (the
 * probe was cut off) is absent from the result.
 */
export function splitProbeOutput(output: string, count: number, markers: Markers): Map<number, RawFact> {
  const results = new Map<number, RawFact>();
  for (let id = 0; id < count; id++) {
    const begin = output.indexOf(`${markers.begin(id)}\n`);
    if (begin < 0) continue;
    const start = begin + markers.begin(id).length + 1;
    const endMarker = `\n${markers.end(id)} `;
    const end = output.indexOf(endMarker, start);
    if (end < 0) continue;
    const codeText = output.slice(end + endMarker.length, output.indexOf('\n', end + endMarker.length));
    results.set(id, { output: output.slice(start, end), exitCode: Number(codeText) });
  }
  return results;
}
