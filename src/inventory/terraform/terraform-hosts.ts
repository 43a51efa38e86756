import { INVENTORY_NAME_PATTERN } from '../../../schemas/inventory.js';
import { TerraformSourceError, type TerraformOutputs } from './terraform-outputs.js';

/** One host as the hosts output describes it (name -> address, user, port, groups, vars). */
export interface TerraformHost {
  readonly name: string;
  readonly address: string;
  readonly user?: string;
  readonly port?: number;
  readonly groups: readonly string[];
  readonly vars: Readonly<Record<string, Record<string, unknown>>>;
}

const FIELDS = ['address', 'user', 'port', 'groups', 'vars'];
const NAME = new RegExp(INVENTORY_NAME_PATTERN);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The hosts of output `name`: a map (or object) of host name to `{address, user, port, groups, vars}`;
 * null attributes (optional ones Terraform filled with null) count as unset. Every problem names the
 * output, where it came from and the host.
 */
export function terraformHosts(source: TerraformOutputs, name: string): TerraformHost[] {
  const output = source.outputs.get(name);
  const fail = (what: string, hint: string) => new TerraformSourceError(`output ${name} of ${source.origin}: ${what}`, hint);
  const shape = 'the output should be a map of host name to { address = "...", user = "...", port = 22, groups = [...], vars = { MODULE = {...} } }; see docs/terraform.md';
  if (output === undefined) {
    const known = [...source.outputs.keys()];
    throw new TerraformSourceError(
      `output ${name} is not in ${source.origin}`,
      known.length > 0 ? `its outputs are: ${known.join(', ')}; set terraform.hosts_output, or add the output: ${shape.slice(4)}` : `it has no outputs at all (was \`apply\` run?); ${shape}`,
    );
  }
  if (output.sensitive) {
    throw fail(
      'it is sensitive, and host addresses and settings are shown by plan',
      'build the hosts output from values that are not sensitive, and pass each secret as an output of its own, referenced from a secret setting with ${terraform:OUTPUT} (it then becomes a secret, masked everywhere)',
    );
  }
  if (!isObject(output.value)) throw fail(`it is ${Array.isArray(output.value) ? 'a list' : typeof output.value}, not a map of hosts`, shape);
  const hosts: TerraformHost[] = [];
  for (const [host, raw] of Object.entries(output.value)) {
    if (!NAME.test(host)) throw fail(`host name "${host}" has characters an inventory name cannot have`, 'letters, digits, _, . and -, starting with a letter, digit or _');
    if (!isObject(raw)) throw fail(`host ${host} is not an object`, shape);
    const set = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
    const unknown = Object.keys(set).filter((key) => !FIELDS.includes(key));
    if (unknown.length > 0) throw fail(`host ${host} has ${unknown.join(', ')}, which Phanes does not read`, `a host has ${FIELDS.join(', ')}`);
    const { address, user, port, groups = [], vars = {} } = set;
    if (typeof address !== 'string' || address === '') throw fail(`host ${host} has no address`, 'give each host an address (an IP address or DNS name)');
    if (user !== undefined && (typeof user !== 'string' || user === '')) throw fail(`host ${host}: user is not a name`, 'user is the login user, a string');
    if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) throw fail(`host ${host}: port ${JSON.stringify(port)} is not a TCP port`, 'a number from 1 to 65535');
    if (!Array.isArray(groups) || !groups.every((g): g is string => typeof g === 'string' && NAME.test(g))) throw fail(`host ${host}: groups is not a list of group names`, 'a list of names, e.g. ["web", "production"]');
    if (!isObject(vars) || !Object.values(vars).every(isObject)) throw fail(`host ${host}: vars is not a map of module name to settings`, 'vars = { nginx = { ... }, github-runner = { ... } }');
    hosts.push({ name: host, address, ...(user !== undefined && { user: user as string }), ...(port !== undefined && { port: port as number }), groups, vars: vars as Record<string, Record<string, unknown>> });
  }
  return hosts;
}
