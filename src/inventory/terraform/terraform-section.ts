import type { DocumentPath } from '../document-path.js';
import type { NodeLocator } from '../node-locator.js';
import type { InventoryProblem } from '../resolved-host.js';
import { resolveUserPath } from '../secret-reference.js';
import { readTerraformOutputs, type TerraformSource } from './read-terraform.js';
import { terraformHosts, type TerraformHost } from './terraform-hosts.js';
import { TerraformSourceError, type TerraformOutputs } from './terraform-outputs.js';

const DEFAULT_HOSTS_OUTPUT = 'phanes_hosts';
const DEFAULT_TIMEOUT = 60;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the inventory's `terraform:` section gave: its outputs (for ${terraform:NAME}), or its problems. */
export interface TerraformSection {
  readonly outputs?: TerraformOutputs;
  readonly problems: InventoryProblem[];
}

/** The section's source, or a problem; undefined when the section is absent or malformed (the schema says how). */
function sourceOf(section: Record<string, unknown>, where: { dir: string; home: string; env: NodeJS.ProcessEnv }): TerraformSource | string | undefined {
  const kinds = (['dir', 'state', 'outputs'] as const).filter((key) => section[key] !== undefined);
  if (kinds.some((key) => typeof section[key] !== 'string' || section[key] === '')) return undefined;
  if (kinds.length !== 1) return kinds.length === 0 ? 'terraform needs one of dir, state and outputs' : `terraform has ${kinds.join(' and ')}: set only one`;
  const command = section['command'];
  if (command !== undefined && command !== 'tofu' && command !== 'terraform') return undefined;
  const timeout = section['timeout'] ?? DEFAULT_TIMEOUT;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1) return undefined;
  const [kind] = kinds as [('dir' | 'state' | 'outputs')];
  return { [kind]: resolveUserPath(section[kind] as string, where), ...(command !== undefined && { command }), timeout, env: where.env };
}

/**
 * Reads the inventory's `terraform:` section and adds the hosts of its hosts output to the document, before
 * the document is validated: each becomes a host (address, user, port, vars) and a member of its groups.
 * The inventory's own entry for a host of that name wins key by key (its vars module by module), and its
 * groups keep their settings. Problems are placed at the section and name the output and its file.
 */
export function applyTerraformSection(data: unknown, locator: NodeLocator, where: { dir: string; home: string; env: NodeJS.ProcessEnv }): TerraformSection {
  if (!isObject(data) || !isObject(data['terraform'])) return { problems: [] };
  const section = data['terraform'];
  const problem = (path: DocumentPath, message: string, hint?: string) => ({ problems: [locator.problem(['terraform', ...path], { message, hint }, { key: true })] });
  const source = sourceOf(section, where);
  if (source === undefined) return { problems: [] };
  if (typeof source === 'string') return problem([], source, 'dir: a configuration directory; state: a state file; outputs: a saved `tofu output -json`');
  const key = source.dir !== undefined ? 'dir' : source.state !== undefined ? 'state' : 'outputs';
  let outputs: TerraformOutputs;
  try {
    outputs = readTerraformOutputs(source);
  } catch (error) {
    if (error instanceof TerraformSourceError) return problem([key], error.message, error.hint);
    throw error;
  }
  const hostsOutput = section['hosts_output'] === undefined ? DEFAULT_HOSTS_OUTPUT : section['hosts_output'];
  if (hostsOutput === null) return { outputs, problems: [] };
  if (typeof hostsOutput !== 'string') return { problems: [] };
  let hosts: TerraformHost[];
  try {
    hosts = terraformHosts(outputs, hostsOutput);
  } catch (error) {
    if (error instanceof TerraformSourceError) return problem(section['hosts_output'] === undefined ? [key] : ['hosts_output'], error.message, error.hint);
    throw error;
  }
  mergeHosts(data, hosts);
  return { outputs, problems: [] };
}

/** Adds the hosts to `hosts` and their group memberships to `groups`, the inventory's own entries winning. */
function mergeHosts(data: Record<string, unknown>, hosts: readonly TerraformHost[]): void {
  const own = isObject(data['hosts']) ? data['hosts'] : {};
  const groups = isObject(data['groups']) ? data['groups'] : {};
  const merged: Record<string, unknown> = {};
  for (const host of hosts) {
    const mine = isObject(own[host.name]) ? (own[host.name] as Record<string, unknown>) : {};
    const myVars = isObject(mine['vars']) ? mine['vars'] : {};
    const vars: Record<string, unknown> = { ...host.vars };
    for (const [module, settings] of Object.entries(myVars)) vars[module] = isObject(settings) && isObject(vars[module]) ? { ...(vars[module] as object), ...settings } : settings;
    merged[host.name] = {
      address: host.address,
      ...(host.user !== undefined && { user: host.user }),
      ...(host.port !== undefined && { port: host.port }),
      ...mine,
      ...(Object.keys(vars).length > 0 && { vars }),
    };
    for (const group of host.groups) {
      const body = isObject(groups[group]) ? (groups[group] as Record<string, unknown>) : {};
      const members = Array.isArray(body['hosts']) ? (body['hosts'] as unknown[]) : [];
      groups[group] = { ...body, hosts: members.includes(host.name) ? members : [...members, host.name] };
    }
  }
  // The inventory's own hosts keep their place first; Terraform's follow in their output's order.
  data['hosts'] = { ...own, ...Object.fromEntries(Object.entries(merged).filter(([name]) => !(name in own))), ...Object.fromEntries(Object.entries(merged).filter(([name]) => name in own)) };
  if (Object.keys(groups).length > 0) data['groups'] = groups;
}
