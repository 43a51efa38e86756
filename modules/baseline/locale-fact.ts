import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';

/** Locales the system can use, normalized (`en_US.utf8` → `en_US.UTF-8`). */
export type AvailableLocales = ReadonlySet<string>;

/** glibc lists `en_US.utf8`; users write `en_US.UTF-8`. Both mean the same locale. */
export function normalizeLocale(name: string): string {
  return name.replace(/\.utf-?8/i, '.UTF-8');
}

export const availableLocalesFact: Fact<AvailableLocales> = {
  description: 'available locales',
  command: sh`locale -a`,
  parse: (output) => new Set(output.split('\n').filter(Boolean).map(normalizeLocale)),
};
