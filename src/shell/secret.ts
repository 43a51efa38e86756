import { inspect } from 'node:util';

/** Placeholder shown wherever a secret would appear: plan output, logs, errors, JSON. */
export const MASK = '***';

/**
 * A value that must never be printed. Every way of turning it into text (String(), JSON, util.inspect)
 * gives the mask; only `reveal()` gives the value, and only src/shell/ and src/ssh/ call it.
 */
export class Secret {
  readonly #value: string;
  /** Where the value came from (`env:NAME`, `file:path`, `literal`), safe to show. */
  readonly source: string;

  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return MASK;
  }
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
