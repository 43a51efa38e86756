import type { ShellText } from '../shell/command.js';

/**
 * One thing to learn about a host: a read-only command and a pure parser of its output.
 * All facts of a host run in one remote script; the parser sees the fact's own stdout and exit code.
 */
export interface Fact<T> {
  /** Shown in errors when the command or its parser fails. */
  readonly description: string;
  readonly command: ShellText;
  parse(output: string, exitCode: number): T;
}

/** A record of facts, as a module asks for them; the engine answers with the parsed values. */
export type FactRequests = Record<string, Fact<unknown>>;

/** The parsed values of a FactRequests record. */
export type FactValues<R extends FactRequests> = { [K in keyof R]: R[K] extends Fact<infer T> ? T : never };
