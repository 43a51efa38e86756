import type { Catalog, Profile } from '../src/engine/catalog.js';
import type { Module } from '../src/engine/module.js';
import { baseline } from './baseline/baseline.js';
import { user } from './user/user.js';

/** Every built-in module, in the order `phanes list` shows them. */
const MODULES: readonly Module[] = [baseline, user];

/** Built-in profiles. `minimal` grows with the security, swap and updates modules. */
const PROFILES: readonly Profile[] = [
  { name: 'minimal', description: 'What every server starts from: base system and an admin user', modules: ['baseline', 'user'] },
];

/** The built-in catalog an inventory is resolved against. */
export const builtInCatalog: Catalog = {
  modules: new Map(MODULES.map((m) => [m.name, m])),
  profiles: new Map(PROFILES.map((p) => [p.name, p])),
};
