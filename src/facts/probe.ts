import { join, raw, sh, type ShellText } from '../shell/command.js';
import type { Markers } from '../shell/markers.js';
import type { Fact, FactBatch, RawFact } from './fact.js';

export type { RawFact } from './fact.js';

/** What the probe runs: each unbatched fact's own command, then one command per batch. */
interface ProbeLayout {
  readonly commands: readonly (Fact<unknown> | FactBatch)[];
  /** Per fact, the index of the command that answers it. */
  readonly commandOf: readonly number[];
  /** Per batch, every item its members asked for, without repeats. */
  readonly items: ReadonlyMap<FactBatch, readonly string[]>;
}

function layOut(facts: readonly Fact<unknown>[]): ProbeLayout {
  const items = new Map<FactBatch, string[]>();
  for (const { batch } of facts) {
    if (!batch) continue;
    const all = items.get(batch.with) ?? [];
    items.set(batch.with, all);
    for (const item of batch.items) if (!all.includes(item)) all.push(item);
  }
  const own = facts.filter((fact) => !fact.batch);
  const batches = [...items.keys()];
  return {
    commands: [...own, ...batches],
    commandOf: facts.map((fact) => (fact.batch ? own.length + batches.indexOf(fact.batch.with) : own.indexOf(fact))),
    items,
  };
}

/**
 * One script that runs every fact, each command in its own subshell (a fact that exits or fails cannot
 * stop the others) unless it shares the probe's shell, with its stdout framed by marker lines carrying
 * the exit code. Facts of one batch share one command.
 */
export function renderProbe(facts: readonly Fact<unknown>[], markers: Markers): ShellText {
  const { commands, items } = layOut(facts);
  const parts = commands.map((source, id) => {
    const text = 'parse' in source ? source.command : batchCommand(source, items.get(source)!);
    const sharesShell = source.sharesShell === true;
    return join(
      [
        sh`printf '%s\\n' ${markers.begin(id)}`,
        raw(sharesShell ? '{' : '('),
        text,
        raw(sharesShell ? '} </dev/null 2>/dev/null' : ') </dev/null 2>/dev/null'),
        sh`printf '\\n%s %s\\n' ${markers.end(id)} "$?"`,
      ],
      '\n',
    );
  });
  return join([raw('LC_ALL=C; export LC_ALL'), ...parts], '\n');
}

/** Batch commands already built, by batch and items: hosts with the same settings ask for the same ones. */
const builtCommands = new WeakMap<FactBatch, Map<string, ShellText>>();

function batchCommand(batch: FactBatch, items: readonly string[]): ShellText {
  let built = builtCommands.get(batch);
  if (!built) builtCommands.set(batch, (built = new Map()));
  const key = JSON.stringify(items);
  let command = built.get(key);
  if (!command) built.set(key, (command = batch.command(items)));
  return command;
}

/** A framed command's stdout, as bytes, and its exit code. */
interface Frame {
  readonly output: Buffer;
  readonly exitCode: number;
}

/** Each framed command's stdout and exit code; a command whose frame is missing (cut off) is absent. */
function splitFrames(output: Buffer, count: number, markers: Markers): Map<number, Frame> {
  const results = new Map<number, Frame>();
  for (let id = 0; id < count; id++) {
    const begin = output.indexOf(`${markers.begin(id)}\n`);
    if (begin < 0) continue;
    const start = begin + markers.begin(id).length + 1;
    const endMarker = `\n${markers.end(id)} `;
    const end = output.indexOf(endMarker, start);
    if (end < 0) continue;
    const codeAt = end + endMarker.length;
    const codeText = output.toString('latin1', codeAt, output.indexOf('\n', codeAt));
    results.set(id, { output: output.subarray(start, end), exitCode: Number(codeText) });
  }
  return results;
}

/**
 * Splits the probe's stdout, as bytes (of `renderProbe` for the same facts), back into each fact's stdout
 * and exit code, in the form its own command prints: text, or for a `bytes` batch one character per byte.
 * A fact whose answer is cut off is absent; one whose batch answer could not be split maps to the Error
 * saying why.
 */
export function splitProbeOutput(output: Buffer, facts: readonly Fact<unknown>[], markers: Markers): Map<number, RawFact | Error> {
  const layout = layOut(facts);
  const frames = splitFrames(output, layout.commands.length, markers);
  const results = new Map<number, RawFact | Error>();
  // One answer object per frame: a batch splits its answer once for all its members, by that object.
  const asText = new Map<Frame, RawFact>();
  facts.forEach((fact, id) => {
    const frame = frames.get(layout.commandOf[id]!);
    if (!frame) return;
    const batch = fact.batch?.with;
    const encoding = batch?.bytes ? 'latin1' : 'utf8';
    let answer = asText.get(frame);
    if (!answer) asText.set(frame, (answer = { output: frame.output.toString(encoding), exitCode: frame.exitCode }));
    if (!batch) return results.set(id, answer);
    try {
      results.set(id, batch.answer(answer, layout.items.get(batch)!, fact.batch!.items));
    } catch (error) {
      results.set(id, error as Error);
    }
  });
  return results;
}
