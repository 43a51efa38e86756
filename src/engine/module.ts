import type { Fact, FactRequests, FactValues } from '../facts/fact.js';
import type { OsRelease } from '../facts/os-release.js';
import type { ShellText } from '../shell/command.js';
import type { Step } from './step.js';

/** What a module may know about the host before its facts are gathered. */
export interface FactContext {
  /** The inventory name of the host. */
  readonly host: string;
  /** The user Phanes logs in as (root, or a sudo user). */
  readonly loginUser: string;
  /** Phanes runs on the host itself (--local): no SSH login of its own to keep, only the people's. */
  readonly local?: boolean;
}

/** Another inventory host as a plan may see it (e.g. a k3s agent reads its server's address and settings). */
export interface PeerHost {
  /** Address as written in the inventory (or the host's name when none). */
  readonly address: string;
  readonly modules: readonly string[];
  /** Validated settings per module, defaults filled in. */
  readonly settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The inventory's jump for it (ProxyJump syntax), when it has one. */
  readonly jump?: string;
}

/** What every module's plan may know about the host besides its own facts. */
export interface HostContext extends FactContext {
  readonly os: OsRelease;
  /** Every inventory host by name, this one included. */
  readonly peers: ReadonlyMap<string, PeerHost>;
  /** The type of host key Phanes verified on this connection (`ssh-ed25519`, ...); none for local runs. */
  readonly hostKeyType?: string;
}

/** A read-only check that the service really works, with what to try when it does not. */
export interface HealthCheck {
  readonly title: string;
  readonly command: ShellText;
  readonly hint: string;
}

/** A JSON Schema object for a module's settings section. */
export type SettingsSchema = Readonly<Record<string, unknown>>;

/**
 * A module as its author writes it: typed settings S and typed facts R. `plan` is pure: the same settings
 * and facts always give the same steps, and [] means installed and converged.
 */
export interface ModuleDefinition<S, R extends FactRequests> {
  readonly name: string;
  readonly description: string;
  /** Modules that must run earlier on the same host; added to a host's list when missing. */
  readonly requires: readonly string[];
  readonly schema: SettingsSchema;
  facts(settings: S, host: FactContext): R;
  plan(settings: S, facts: FactValues<R>, host: HostContext): Step[];
  /**
   * Why the module cannot apply to this host (e.g. swap in a container), or undefined. A module that is not
   * applicable runs no step and is reported as such, neither failed nor converged.
   */
  notApplicable?(settings: S, facts: FactValues<R>, host: HostContext): string | undefined;
  /** Things plan should show besides the steps (e.g. firewall rules Phanes did not add and leaves alone). */
  notes?(settings: S, facts: FactValues<R>, host: HostContext): string[];
  /** The SSH port this module makes sshd listen on: Phanes connects there first, then on the inventory's. */
  loginPort?(settings: S): number | undefined;
  /**
   * For modules that can lock Phanes out (sshd, firewall): after their steps ran, Phanes opens a NEW login
   * (on loginPort when set); if it fails, this script runs on the old connection to undo the change.
   */
  rollbackOnLoginFailure?(settings: S): ShellText;
  /**
   * Run over that new login when it works: it proves the change, so the module's on-host revert (set before
   * its risky steps, for a controller that dies mid-change) is cancelled. A failure means the change is gone.
   */
  confirmChange?(settings: S): ShellText;
  /**
   * Inventory hosts that must be applied before this one (a k3s agent after its server). In a run that
   * includes them, this host starts once they are done, and not at all when one of them failed.
   */
  runsAfter?(settings: S): readonly string[];
  /** TCP ports the module's services listen on: two modules of one host claiming a port are refused. */
  ports?(settings: S): readonly number[];
  /** Read-only checks that the service works; run with the facts when converged, and again after a change. */
  health?(settings: S, host: FactContext): HealthCheck[];
}

/** A module as the engine handles it: settings and facts are checked at the edges (schema, parsers). */
export type Module = ModuleDefinition<any, Record<string, Fact<any>>>;

/** Keeps the author's types while checking the definition's shape. */
export function defineModule<S, R extends FactRequests>(definition: ModuleDefinition<S, R>): Module {
  return definition as unknown as Module;
}

/** Thrown by plan when the settings cannot be applied safely; the message says why and what to change. */
export class PlanRefusedError extends Error {
  override readonly name = 'PlanRefusedError';
}
