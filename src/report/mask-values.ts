import { MASK, type Secret } from '../shell/secret.js';

/** Every form a secret's value can take in text Phanes writes: as it is, and inside a JSON string. */
function forms(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1)])].filter((v) => v.length > 0);
}

/**
 * A function that replaces every form of these secrets' values in a text by the mask: the last guard for
 * text that leaves the machine (logs, a pull request comment), after steps were already masked by key.
 * Longer values first, so a secret that contains another is masked whole.
 */
export function valueMasker(secrets: readonly Secret[]): (text: string) => string {
  const values = [...new Set(secrets.flatMap((s) => forms(s.reveal())))].sort((a, b) => b.length - a.length);
  return (text) => values.reduce((masked, value) => masked.split(value).join(MASK), text);
}

/** A copy of plain data (objects, arrays) with `mask` applied to every string in it. */
export function maskStrings<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskStrings(item, mask)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask)])) as T;
}
