import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtInCatalog } from '../../modules/catalog.js';
import { valueAt } from '../inventory/edit/edit-text.js';
import { levelPath, type Level } from '../inventory/edit/host-edits.js';
import { inventoryDiff } from '../inventory/edit/text-diff.js';
import { formatProblem, InventoryError } from '../inventory/inventory-error.js';
import type { Inventory } from '../inventory/inventory.js';
import { loadInventoryText } from '../inventory/load-inventory.js';

/** An inventory open in the TUI: the file's text as saved, the text being edited, and what the loader says of it. */
export interface InventorySession {
  readonly file: string;
  readonly saved: string;
  readonly text: string;
  /** The loader's messages for `text` (the same `phanes plan` prints); empty when it is valid. */
  readonly problems: readonly string[];
  /** The last valid state of `text`, to show resolved module lists and settings. */
  readonly inventory?: Inventory;
}

/** Validates `text` as the CLI would load it from `file`. */
export function withText(session: Pick<InventorySession, 'file' | 'saved'> & { readonly inventory?: Inventory | undefined }, text: string): InventorySession {
  try {
    const inventory = loadInventoryText(text, session.file, builtInCatalog);
    return { file: session.file, saved: session.saved, text, problems: [], inventory };
  } catch (error) {
    const problems = error instanceof InventoryError ? error.problems.map(formatProblem) : [(error as Error).message];
    return { file: session.file, saved: session.saved, text, problems, ...(session.inventory ? { inventory: session.inventory } : {}) };
  }
}

/** Opens `file`, or starts a new inventory there when it does not exist yet. */
export function openSession(path: string): InventorySession {
  const file = resolve(path);
  const saved = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return withText({ file, saved }, saved === '' ? '# Phanes inventory (phanes tui)\n' : saved);
}

/** The diff saving would write. */
export function pendingDiff(session: InventorySession, file = session.file): string {
  const before = file === session.file ? session.saved : existsSync(file) ? readFileSync(file, 'utf8') : '';
  return inventoryDiff(file, before, session.text);
}

/** Writes the text (temp file, then rename) to `file`, which becomes the session's file. */
export function saveSession(session: InventorySession, path = session.file): InventorySession {
  const file = resolve(path);
  const temp = `${file}.phanes-tui.tmp`;
  writeFileSync(temp, session.text);
  renameSync(temp, file);
  return withText({ file, saved: session.text }, session.text);
}

/** The levels on the left: defaults, the groups, the hosts, in the file's order. */
export function levelsOf(text: string): Level[] {
  const names = (path: string) => {
    const value = valueAt(text, [path]);
    return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  };
  return [{ kind: 'defaults' }, ...names('groups').map((name) => ({ kind: 'group' as const, name })), ...names('hosts').map((name) => ({ kind: 'host' as const, name }))];
}

/** A level's modules and where they come from: its own list, its profile, or (hosts) what it inherits. */
export function modulesOf(session: InventorySession, level: Level): { modules: string[]; source: string } {
  const path = levelPath(level);
  const own = valueAt(session.text, [...path, 'modules']);
  if (Array.isArray(own)) return { modules: own.map(String), source: 'its own module list' };
  const profile = valueAt(session.text, [...path, 'profile']);
  if (typeof profile === 'string') {
    const found = session.inventory?.profiles.get(profile) ?? builtInCatalog.profiles.get(profile);
    return { modules: [...(found?.modules ?? [])], source: `profile ${profile}` };
  }
  if (level.kind === 'host') {
    const host = session.inventory?.hosts.find((h) => h.name === level.name);
    if (host) return { modules: [...host.modules], source: host.moduleSource };
  }
  return { modules: [], source: level.kind === 'defaults' ? 'none' : 'inherited' };
}

/** The name a level has on screen and in --limit. */
export function levelName(level: Level): string {
  return level.kind === 'defaults' ? 'defaults' : level.name;
}
