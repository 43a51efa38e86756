import type { ShellText } from '../shell/command.js';

/** One fact's raw result, before parsing. */
export interface RawFact {
  readonly output: string;
  readonly exitCode: number;
}

/**
 * Facts of one kind that a probe answers with a single command for all of them (one `stat` for every
 * file fact, one package query for every module's packages): on a host, each program started costs more
 * than what it does.
 */
export interface FactBatch {
  /** One command answering every item (items are deduplicated, in order of first request). */
  command(items: readonly string[]): ShellText;
  /** As Fact.sharesShell, for the batch's command. */
  readonly sharesShell?: boolean;
  /** Set when the command prints raw bytes: `answer` then gets them one character per byte (latin1). */
  readonly bytes?: boolean;
  /**
   * What a member fact's own `command` would have printed for `items`, cut out of the batch command's
   * answer for `all`. Throws when that answer cannot be split (a file changed while it was read).
   */
  answer(batchAnswer: RawFact, all: readonly string[], items: readonly string[]): RawFact;
}

/**
 * One thing to learn about a host: a read-only command and a pure parser of its output.
 * All facts of a host run in one remote script; the parser sees the fact's own stdout and exit code.
 */
export interface Fact<T> {
  /** Shown in errors when the command or its parser fails. */
  readonly description: string;
  /** Prints what `parse` reads; a batched fact's answer has the same form (golden cases record it). */
  readonly command: ShellText;
  parse(output: string, exitCode: number): T;
  /**
   * Set when the command never exits and leaves nothing the next fact's command could trip on (it only
   * sets variables and positional parameters it sets before use): the probe then runs it without a
   * subshell, a fork fewer on every host. Left unset, the fact runs in a subshell of its own.
   */
  readonly sharesShell?: boolean;
  /** Set when the probe may answer this fact together with others of its batch. */
  readonly batch?: { readonly with: FactBatch; readonly items: readonly string[] };
}

/** A record of facts, as a module asks for them; the engine answers with the parsed values. */
export type FactRequests = Record<string, Fact<unknown>>;

/** The parsed values of a FactRequests record. */
export type FactValues<R extends FactRequests> = { [K in keyof R]: R[K] extends Fact<infer T> ? T : never };
