import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';

/** Locales the system can use, normalized (`en_US.utf8` → `en_US.UTF-8`). */
export type AvailableLocales = ReadonlySet<string>;

/** glibc lists `en_US.utf8`; users write `en_US.UTF-8`. Both mean the same locale. */
export function normalizeLocale(name: string): string {
  return name.replace(/\.utf-?8/i, '.UTF-8');
}

/** Locales every glibc system has without the `locales` package. */
export const BUILT_IN_LOCALES: AvailableLocales = new Set(['C', 'POSIX', 'C.UTF-8']);

/** The locales the host can use, as far as `wanted` needs: a built-in locale needs no `locale -a`. */
export function availableLocalesFact(wanted: string): Fact<AvailableLocales> {
  if (BUILT_IN_LOCALES.has(normalizeLocale(wanted))) return { description: 'built-in locales', command: sh`:`, parse: () => BUILT_IN_LOCALES, sharesShell: true };
  return {
    description: 'available locales',
    command: sh`locale -a`,
    sharesShell: true,
    parse: (output) => new Set(output.split('\n').filter(Boolean).map(normalizeLocale)),
  };
}
