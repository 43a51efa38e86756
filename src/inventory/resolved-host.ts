import type { Secret } from '../shell/secret.js';

/** How Phanes reaches a host. `local` runs on this machine without SSH. */
export interface ConnectionSettings {
  readonly kind: 'ssh' | 'local';
  /** Address as written in the inventory (or the host's name when none), before ~/.ssh/config. */
  readonly address: string;
  /** Undefined: taken from ~/.ssh/config, else 22. */
  readonly port?: number;
  /** Undefined: taken from ~/.ssh/config, else root. */
  readonly user?: string;
  /** Absolute path, `~` expanded against the inventory's directory owner's home. */
  readonly identityFile?: string;
  /** known_hosts for this host; undefined: ~/.ssh/known_hosts (or --known-hosts). */
  readonly knownHostsFile?: string;
  /** The password sudo asks for, when the login user is not root and sudo is not NOPASSWD. */
  readonly sudoPassword?: Secret;
  /** A jump host: the name of another inventory host, or `[user@]host[:port]`. */
  readonly jump?: string;
  readonly hostKeyPolicy: 'strict' | 'accept-new';
  /** Seconds. */
  readonly connectTimeout: number;
  /** Seconds one remote command may run. */
  readonly commandTimeout: number;
}

/** One host after defaults, groups and profiles were merged and every setting validated. */
export interface ResolvedHost {
  readonly name: string;
  readonly groups: readonly string[];
  readonly connection: ConnectionSettings;
  /** Modules to run, in order, requirements first. */
  readonly modules: readonly string[];
  /** Validated settings per module, defaults filled in; secret fields are Secret objects. */
  readonly settings: Readonly<Record<string, Record<string, unknown>>>;
  /** Where the module list came from, for plan and status output (e.g. `profile minimal`). */
  readonly moduleSource: string;
}

/** A problem found in an inventory, placed in its file. */
export interface InventoryProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Path inside the document, e.g. `hosts.web1.vars.baseline.timezone`. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

/** A warning that does not stop a run (e.g. a literal secret), shown by plan. */
export type InventoryWarning = InventoryProblem;
