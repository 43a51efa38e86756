import type { Profile } from '../engine/catalog.js';
import type { InventoryWarning, ResolvedHost } from './resolved-host.js';

/** A loaded, validated inventory: every host resolved, nothing left to check before connecting. */
export interface Inventory {
  /** Absolute path of the inventory file. */
  readonly file: string;
  /** In the order of the file's `hosts`. */
  readonly hosts: readonly ResolvedHost[];
  /** Group name to its hosts' names, in the file's order. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** Built-in profiles with the inventory's own merged over them (a user profile may replace a built-in). */
  readonly profiles: ReadonlyMap<string, Profile>;
  /** Things that do not stop a run (literal secrets, unused settings), placed in the file. */
  readonly warnings: readonly InventoryWarning[];
}

/** Options of `loadInventory`. */
export interface LoadInventoryOptions {
  /** Where `${env:NAME}` secrets are read. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** What `~` means in identity_file and `${file:~/...}`. Default: os.homedir(). */
  readonly home?: string;
}
