import type { Fact } from '../facts/fact.js';
import { renderProbe, splitProbeOutput } from '../facts/probe.js';
import type { Connection } from '../ssh/connection.js';
import { newMarkers } from '../shell/markers.js';

/** A fact that could not be learned: the probe was cut off, or the parser refused its output. */
export class FactError extends Error {
  override readonly name = 'FactError';
}

/**
 * Learns every requested fact in ONE remote command. `requests` maps an owner (a module name, or '' for
 * the engine's own) to its facts; the answer has the same shape with parsed values.
 */
export async function gatherFacts(
  connection: Connection,
  requests: ReadonlyMap<string, Record<string, Fact<unknown>>>,
  timeoutMs: number,
): Promise<Map<string, Record<string, unknown>>> {
  const flat: { owner: string; name: string; fact: Fact<unknown> }[] = [];
  for (const [owner, facts] of requests) for (const [name, fact] of Object.entries(facts)) flat.push({ owner, name, fact });
  const markers = newMarkers();
  const facts = flat.map((f) => f.fact);
  // Bytes: the file facts' contents come raw, to be cut by the sizes stat gave.
  const result = await connection.run(renderProbe(facts, markers), { timeoutMs, stdoutEncoding: 'latin1' });
  const raw = splitProbeOutput(Buffer.from(result.stdout, 'latin1'), facts, markers);

  const values = new Map<string, Record<string, unknown>>();
  flat.forEach(({ owner, name, fact }, id) => {
    const answer = raw.get(id);
    const label = owner ? `module ${owner}, fact ${fact.description}` : `fact ${fact.description}`;
    if (!answer) throw new FactError(`${label}: no answer from the host (the probe exited ${result.exitCode}: ${result.stderr.trim().slice(-300)})`);
    if (answer instanceof Error) throw new FactError(`${label}: ${answer.message}`);
    let value: unknown;
    try {
      value = fact.parse(answer.output, answer.exitCode);
    } catch (error) {
      throw new FactError(`${label}: ${(error as Error).message}`);
    }
    const forOwner = values.get(owner) ?? {};
    forOwner[name] = value;
    values.set(owner, forOwner);
  });
  return values;
}
