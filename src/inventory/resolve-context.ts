import type { RawDefaults, RawGroup, RawHost } from '../../schemas/inventory.js';
import type { Catalog, Profile } from '../engine/catalog.js';
import type { DocumentPath, PathSegment } from './document-path.js';
import type { NodeLocator } from './node-locator.js';
import type { InventoryProblem, InventoryWarning } from './resolved-host.js';
import type { SecretSources } from './secret-reference.js';

/** One source of a host's settings: defaults, one of its groups, or the host itself, least specific first. */
export interface Level {
  readonly path: DocumentPath;
  readonly value: RawDefaults | RawGroup | RawHost;
}

/** What resolving hosts needs from the loaded document; problems and warnings are appended here. */
export interface ResolveContext {
  readonly catalog: Catalog;
  readonly locator: NodeLocator;
  readonly profiles: ReadonlyMap<string, Profile>;
  readonly brokenProfiles: ReadonlySet<string>;
  readonly secrets: SecretSources;
  readonly rawHosts: Readonly<Record<string, RawHost | null>>;
  readonly problems: InventoryProblem[];
  readonly warnings: InventoryWarning[];
}

type LevelKey = keyof RawDefaults;

/** What each key of a level holds when it is set. */
type LevelValues = { [K in LevelKey]-?: Exclude<RawDefaults[K], undefined> };

/** The most specific level that sets `key` (null counts as set: it clears a less specific value). */
export function pick<K extends LevelKey>(levels: readonly Level[], key: K): { value: LevelValues[K]; path: DocumentPath } | undefined {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i] as Level;
    const value: unknown = (level.value as RawDefaults)[key];
    const path: PathSegment[] = [...level.path, key];
    if (value !== undefined) return { value: value as LevelValues[K], path };
  }
  return undefined;
}
