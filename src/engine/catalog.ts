import type { Module } from './module.js';

/** A named, ordered list of modules. */
export interface Profile {
  readonly name: string;
  readonly description: string;
  readonly modules: readonly string[];
}

/** Everything an inventory may name: the built-in modules and profiles. */
export interface Catalog {
  readonly modules: ReadonlyMap<string, Module>;
  readonly profiles: ReadonlyMap<string, Profile>;
}
