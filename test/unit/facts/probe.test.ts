import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../../src/facts/fact.js';
import { renderProbe, splitProbeOutput } from '../../../src/facts/probe.js';
import { raw } from '../../../src/shell/command.js';
import { newMarkers } from '../../../src/shell/markers.js';

const fact = (command: string, sharesShell = false): Fact<string> => ({
  description: command,
  command: raw(command),
  parse: (output) => output,
  ...(sharesShell && { sharesShell }),
});

/** Runs the probe in dash, fed on stdin as over SSH, and gives each fact's answer. */
function probe(facts: readonly Fact<unknown>[], cut = (output: Buffer) => output) {
  const markers = newMarkers();
  const run = spawnSync('/bin/sh', ['-s'], { input: renderProbe(facts, markers).text });
  expect(run.status).toBe(0);
  const answers = splitProbeOutput(cut(run.stdout), facts, markers);
  return facts.map((_, id) => answers.get(id));
}

describe('the probe', () => {
  it('gives each fact its own stdout and exit code, without its stderr', () => {
    expect(probe([fact('echo one; echo oops >&2'), fact('printf two; exit 3'), fact('printf "a\\nb\\n\\n"', true)])).toEqual([
      { output: 'one\n', exitCode: 0 },
      { output: 'two', exitCode: 3 },
      { output: 'a\nb\n\n', exitCode: 0 },
    ]);
  });

  it('gives text facts their output as UTF-8', () => {
    expect(probe([fact("printf 'Grüße, 世界\\n'"), fact("printf 'é'", true)])).toEqual([
      { output: 'Grüße, 世界\n', exitCode: 0 },
      { output: 'é', exitCode: 0 },
    ]);
  });

  it('runs a fact that may exit in a subshell of its own, so the facts after it still answer', () => {
    const [, after] = probe([fact('exit 0'), fact('echo after', true)]);
    expect(after).toEqual({ output: 'after\n', exitCode: 0 });
  });

  it('runs facts that share the shell without a fork: what one sets, the next sees', () => {
    const answers = probe([fact('shared=1', true), fact('echo "${shared:-unset}"', true), fact('own=1'), fact('echo "${own:-unset}"', true)]);
    expect(answers.map((a) => (a as { output: string }).output)).toEqual(['', '1\n', '', 'unset\n']);
  });

  it('leaves out the facts whose answer was cut off', () => {
    const answers = probe([fact('echo first'), fact('echo second')], (output) => output.subarray(0, output.indexOf('second')));
    expect(answers[0]).toEqual({ output: 'first\n', exitCode: 0 });
    expect(answers[1]).toBeUndefined();
  });

  it('feeds no fact the rest of the script as its stdin', () => {
    expect(probe([fact('cat', true), fact('cat')]).map((a) => (a as { output: string }).output)).toEqual(['', '']);
  });
});
