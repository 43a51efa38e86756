import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import type { Fact } from '../../src/facts/fact.js';
import type { OsRelease } from '../../src/facts/os-release.js';
import { renderProbe, splitProbeOutput, type RawFact } from '../../src/facts/probe.js';
import type { FactContext, Module } from '../../src/engine/module.js';
import type { PathSegment } from '../../src/inventory/document-path.js';
import { checkModuleSettings } from '../../src/inventory/settings-validator.js';
import { newMarkers } from '../../src/shell/markers.js';
import { quote } from '../../src/shell/quote.js';
import { Secret } from '../../src/shell/secret.js';
import { sshRun } from './ssh-run.js';
import type { ContainerTarget, TargetSet } from './targets.js';

/**
 * Records what a module's facts really print on a target, for golden cases (modules/NAME/golden/*.yaml,
 * run by test/unit/golden.test.ts). The facts run as the engine runs them: all in one probe script from
 * src/facts/probe.ts (each in a subshell, LC_ALL=C, stdin from /dev/null, stderr dropped), split by its
 * marker lines, so each output and exit code is byte for byte what a module's parsers would get.
 */

/** One golden case file: settings and raw facts in, an exact script (CASE.expected.sh) or a refusal out. */
export interface GoldenCase {
  /** What the case shows, and anything edited by hand after recording. */
  readonly description: string;
  /** The module's settings as an inventory would give them; defaults are filled from the module's schema. */
  readonly settings?: Record<string, unknown>;
  /** The host as plan sees it; a Debian 12 root login when absent. */
  readonly host?: {
    readonly host?: string;
    readonly loginUser?: string;
    /** Phanes runs on the host itself (--local). */
    readonly local?: boolean;
    /** The host key type Phanes verified (`ssh-ed25519`, ...). */
    readonly hostKeyType?: string;
    readonly os?: OsRelease;
    /** Other inventory hosts plan may read (a k3s agent's server): address, modules, raw settings per module. */
    readonly peers?: Record<string, { readonly address: string; readonly modules?: readonly string[]; readonly settings?: Record<string, Record<string, unknown>>; readonly jump?: string }>;
  };
  /** Every fact the module asks for, by its name in the module's facts(), as the probe returned it. */
  readonly facts: Record<string, RawFact>;
  /** When set, plan must refuse with a message containing this text (and there is no .expected.sh). */
  readonly refused?: string;
  /** When set, the module must say it does not apply, with a message containing this text (no .expected.sh). */
  readonly notApplicable?: string;
  /** The notes plan shows for this case, exactly (none when absent). */
  readonly notes?: readonly string[];
}

/** Runs a script as root on a target and gives its stdout, as bytes. */
export type ScriptRunner = (script: string) => Promise<Buffer>;

/** Runs scripts through `/bin/sh -c` inside the target's container (no SSH): root, PATH as over SSH. */
export function viaContainer(target: ContainerTarget): ScriptRunner {
  return async (script) => {
    const result = await target.container.exec(['/bin/sh', '-c', script]);
    if (result.exitCode !== 0) throw new Error(`${target.name}: the fact probe exited ${result.exitCode}: ${result.stderr.trim()}`);
    // The container API decodes stdout as UTF-8: files that are not UTF-8 text are recorded only via viaSsh.
    return Buffer.from(result.stdout, 'utf8');
  };
}

/** Runs scripts over SSH as root (the way ssh-run.ts connects), through `/bin/sh -c`. */
export function viaSsh(set: TargetSet, target: ContainerTarget): ScriptRunner {
  return async (script) => {
    const result = await sshRun(set, target, `/bin/sh -c ${quote(script)}`);
    if (result.code !== 0) throw new Error(`${target.name}: the fact probe exited ${result.code} over SSH: ${result.stderr.trim()}`);
    return result.stdoutBytes;
  };
}

/** Runs `facts` in one probe, as the engine does, and returns each one's raw output and exit code. */
export async function recordFacts(facts: Readonly<Record<string, Fact<unknown>>>, run: ScriptRunner): Promise<Record<string, RawFact>> {
  const names = Object.keys(facts);
  const markers = newMarkers();
  const stdout = await run(renderProbe(Object.values(facts), markers).text);
  const split = splitProbeOutput(stdout, Object.values(facts), markers);
  const recorded: Record<string, RawFact> = {};
  names.forEach((name, id) => {
    const answer = split.get(id);
    if (!answer) throw new Error(`fact ${name}: no framed answer in the probe's output (it was cut off?):\n${stdout.toString('utf8', Math.max(0, stdout.length - 500))}`);
    if (answer instanceof Error) throw new Error(`fact ${name}: ${answer.message}`);
    recorded[name] = answer;
  });
  return recorded;
}

/**
 * A module's settings with the schema's defaults filled in and `format: "secret"` values as Secrets (as the
 * inventory loader gives them); throws, naming the module, when they are invalid.
 */
export function moduleSettings(module: Module, partial: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const settings = structuredClone(partial) as Record<string, unknown>;
  const { errors, secretPaths } = checkModuleSettings(module, settings);
  if (errors.length > 0) {
    const why = errors.map((e) => `${e.instancePath || '(settings)'} ${e.message ?? e.keyword}`).join('; ');
    throw new Error(`module ${module.name}: invalid settings ${JSON.stringify(partial)}: ${why}`);
  }
  for (const path of secretPaths) {
    const parent = path.slice(0, -1).reduce<unknown>((node, segment) => (node as Record<PathSegment, unknown>)[segment], settings) as Record<PathSegment, unknown>;
    const last = path[path.length - 1]!;
    parent[last] = new Secret(String(parent[last]), 'literal');
  }
  return settings;
}

/** The FactContext golden cases assume unless they say otherwise. */
export const GOLDEN_FACT_CONTEXT: FactContext = { host: 'golden', loginUser: 'root' };

/** Records every fact `module` asks for with these settings (defaults filled in), ready for a golden case. */
export async function recordModuleFacts(
  module: Module,
  partialSettings: Readonly<Record<string, unknown>>,
  run: ScriptRunner,
  context: FactContext = GOLDEN_FACT_CONTEXT,
): Promise<Record<string, RawFact>> {
  return recordFacts(module.facts(moduleSettings(module, partialSettings), context), run);
}

/**
 * A golden case as YAML: outputs as literal blocks, never folded, so they read as the host printed them.
 * Throws when the text would not parse back to exactly the same case.
 */
export function goldenCaseYaml(golden: GoldenCase): string {
  const text = stringify(golden, { lineWidth: 0, blockQuote: 'literal' });
  if (!isDeepStrictEqual(parse(text), JSON.parse(JSON.stringify(golden)))) {
    throw new Error(`golden case "${golden.description}": its YAML does not read back as the same case`);
  }
  return text;
}
