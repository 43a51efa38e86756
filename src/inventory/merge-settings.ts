/** A plain map (not a list, not null), as YAML gives for a mapping. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets a key even when it is `__proto__`, which plain assignment would turn into a prototype change. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, copy(item));
  return out;
}

/**
 * Merges module settings from the least to the most specific level: maps merge key by key, lists and
 * values replace. Returns a fresh object; the inputs are not touched (validation fills defaults into it).
 */
export function mergeSettings(levels: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const level of levels) if (isPlainObject(level)) mergeInto(out, level);
  return out;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isPlainObject(current) && isPlainObject(value)) mergeInto(current, value);
    else setOwn(target, key, copy(value));
  }
}
