import { Ajv } from 'ajv';
import { inventorySchema, type RawInventory } from '../../schemas/inventory.js';
import { describeSchemaError } from './describe-schema-error.js';
import { formatPath, type DocumentPath, type PathSegment } from './document-path.js';
import { nearestName } from './nearest-name.js';
import type { NodeLocator } from './node-locator.js';
import type { InventoryProblem } from './resolved-host.js';

// validateSchema off: checking the schema against JSON Schema's meta-schema costs about 80 ms at every start;
// test/unit/inventory/schemas-are-valid.test.ts does it once instead. Ajv's optimizing pass over the code it
// generates costs more than it saves for code that runs once a run (compiling this schema: 57 to 82 ms
// with it, 34 to 44 ms without, on this 2-core VM).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, validateSchema: false, code: { optimize: false } });
const validateInventory = ajv.compile(inventorySchema);

/**
 * Levels (`defaults`, `groups.web`, `hosts.web1`, `profiles.edge`) whose module list or settings are in
 * doubt after a schema error; hosts that depend on them are not resolved further, so one mistake does not
 * bring a train of follow-on errors.
 */
export interface Taint {
  all: boolean;
  readonly levels: Set<string>;
}

/** The document after the schema check: usable data (bad parts removed) and what was wrong. */
export interface DocumentCheck {
  /** Undefined when nothing can be checked further (the root is not a map, or `hosts` is missing). */
  readonly inventory: RawInventory | undefined;
  readonly problems: InventoryProblem[];
  readonly taint: Taint;
}

const PRUNED = Symbol('pruned');
/** Keywords that say something is missing: there is no bad value to remove. */
const MISSING = new Set(['required', 'minProperties', 'minItems']);
/** Keys of a level whose errors put its hosts' module lists or settings in doubt. */
const DECISIVE = new Set(['profile', 'modules', 'vars', 'extends']);

function levelOf(path: readonly PathSegment[]): { level: string; rest: readonly PathSegment[] } | undefined {
  const [section, name] = path;
  if (section === 'defaults') return { level: 'defaults', rest: path.slice(1) };
  if ((section === 'groups' || section === 'hosts' || section === 'profiles') && name !== undefined) {
    return { level: formatPath(path.slice(0, 2)), rest: path.slice(2) };
  }
  return undefined;
}

/** Every key a level or profile may have. */
const LEVEL_KEYS = [
  ...Object.keys(inventorySchema.properties.hosts.additionalProperties.properties),
  ...Object.keys(inventorySchema.properties.groups.additionalProperties.properties),
  ...Object.keys(inventorySchema.properties.profiles.additionalProperties.properties),
];

/** An unknown key is a likely typo of the key it is nearest to; with none near, it could be anything. */
function mayMeanDecisive(key: string): boolean {
  const near = nearestName(key, LEVEL_KEYS);
  return near === undefined || DECISIVE.has(near);
}

function taintFor(taint: Taint, path: readonly PathSegment[], atKey: boolean): void {
  const place = levelOf(path);
  if (place === undefined) return;
  const [first] = place.rest;
  const decisive =
    place.rest.length === 0 || (typeof first === 'string' && (atKey && place.rest.length === 1 ? mayMeanDecisive(first) : DECISIVE.has(first)));
  if (!decisive) return;
  // Without a group's host list, no host can be said to be outside the group.
  const groupMembers = place.level.startsWith('groups') && (place.rest.length === 0 || first === 'hosts');
  if (place.level === 'defaults' || groupMembers) taint.all = true;
  else taint.levels.add(place.level);
}

/** A host or group of the wrong type stays, as an empty entry, so that references to it still resolve. */
function keepsName(path: DocumentPath): boolean {
  return path.length === 2 && (path[0] === 'hosts' || path[0] === 'groups');
}

function markPruned(root: unknown, path: DocumentPath): void {
  let node = root;
  for (const [i, segment] of path.entries()) {
    if (node === null || typeof node !== 'object') return;
    const container = node as Record<PathSegment, unknown>;
    if (i === path.length - 1) {
      if (keepsName(path)) container[segment] = null;
      else if (Array.isArray(container)) container[segment as number] = PRUNED;
      else delete container[segment];
      return;
    }
    node = container[segment];
  }
}

function dropPruned(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter((item) => item !== PRUNED).map(dropPruned);
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) (node as Record<string, unknown>)[key] = dropPruned(value);
  }
  return node;
}

/**
 * Checks the document against the inventory schema, reporting every violation at its node. Bad values are
 * then removed and the rest checked again, so the loader can go on to find problems elsewhere.
 */
export function validateDocument(data: unknown, locator: NodeLocator): DocumentCheck {
  const taint: Taint = { all: false, levels: new Set() };
  if (validateInventory(data)) return { inventory: data as RawInventory, problems: [], taint };
  const problems: InventoryProblem[] = [];
  const pruned = structuredClone(data);
  let rootIsBad = false;
  for (const error of validateInventory.errors ?? []) {
    const text = describeSchemaError(error, data, 'key');
    problems.push(locator.problem(text.path, text, { key: text.atKey }));
    taintFor(taint, text.path, text.atKey);
    if (MISSING.has(error.keyword)) continue;
    if (text.path.length === 0) rootIsBad = true;
    else markPruned(pruned, text.path);
  }
  const usable = dropPruned(pruned);
  const inventory = !rootIsBad && validateInventory(usable) ? (usable as RawInventory) : undefined;
  return { inventory, problems, taint };
}
