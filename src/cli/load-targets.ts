import { resolve } from 'node:path';
import { builtInCatalog } from '../../modules/catalog.js';
import { InventoryError } from '../inventory/inventory-error.js';
import type { Inventory } from '../inventory/inventory.js';
import { runOrderProblems } from '../inventory/check-run-order.js';
import { loadInventory } from '../inventory/load-inventory.js';
import { resolveModulesOverride } from '../inventory/modules-override.js';
import type { InventoryWarning, ResolvedHost } from '../inventory/resolved-host.js';
import { selectHosts } from '../inventory/select-hosts.js';
import { SelectionError } from '../inventory/selection-error.js';
import { isSecret, type Secret } from '../shell/secret.js';
import { SshConfigError } from '../ssh/ssh-config.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** Options every command that works on hosts shares. */
export interface TargetArgs {
  readonly inventory: string;
  readonly limit?: readonly string[] | undefined;
  readonly profile?: string | undefined;
  readonly modules?: readonly string[] | undefined;
  readonly hostKeyPolicy?: 'strict' | 'accept-new' | undefined;
}

/** The hosts a command works on, and everything it learned loading them. */
export interface Targets {
  readonly inventory: Inventory;
  readonly hosts: ResolvedHost[];
  readonly warnings: readonly InventoryWarning[];
}

/** An error the CLI reports as a message and an exit code, never a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** Loads and validates the inventory, applies --limit, --profile/--modules and --host-key-policy. */
export async function loadTargets(args: TargetArgs): Promise<Targets> {
  const file = resolve(args.inventory);
  try {
    const inventory = await loadInventory(file, builtInCatalog);
    const selected = selectHosts(inventory, args.limit && args.limit.length > 0 ? args.limit.flatMap((l) => l.split(',')) : undefined);
    const { hosts, warnings } = resolveModulesOverride(inventory, selected, { profile: args.profile, modules: args.modules });
    // --profile and --modules may bring modules that order hosts: check the order the run will have.
    const final = new Map(hosts.map((h) => [h.name, h]));
    const problems = runOrderProblems(inventory.hosts.map((h) => final.get(h.name) ?? h), builtInCatalog, new Set(inventory.hosts.map((h) => h.name)));
    if (problems.length > 0) throw new CliError(problems.map((p) => `${file}: hosts.${p.host}: ${p.message} (${p.hint})`).join('\n'), EXIT.invalidInventory);
    const policy = args.hostKeyPolicy;
    const withPolicy = policy ? hosts.map((h) => ({ ...h, connection: { ...h.connection, hostKeyPolicy: policy } })) : hosts;
    return { inventory, hosts: withPolicy, warnings };
  } catch (error) {
    if (error instanceof InventoryError || error instanceof SshConfigError) throw new CliError(error.message, EXIT.invalidInventory);
    if (error instanceof SelectionError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/** Every secret the hosts hold (sudo passwords, secret settings), for masking in logs by value. */
export function secretsOf(hosts: readonly ResolvedHost[]): Secret[] {
  const found: Secret[] = [];
  const walk = (value: unknown): void => {
    if (isSecret(value)) found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const host of hosts) {
    walk(host.connection.sudoPassword);
    walk(host.settings);
  }
  return found;
}
