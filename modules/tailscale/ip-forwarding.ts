import { fileFact } from '../../src/facts/file.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

/**
 * IP forwarding, which a subnet router or an exit node needs (tailscale only warns when it is off: the
 * routes are advertised and then carry nothing). Set at boot by a sysctl drop-in and at once with sysctl.
 */
export const FORWARDING_CONF = '/etc/sysctl.d/60-phanes-tailscale.conf';
const HEADER = '# Written by Phanes (tailscale module): subnet routes and exit nodes forward packets.';
const IPV4 = '/proc/sys/net/ipv4/ip_forward';
/** Absent on a kernel booted without IPv6: then only IPv4 is forwarded. */
const IPV6 = '/proc/sys/net/ipv6/conf/all/forwarding';

/** The drop-in and the kernel's two switches (files of /proc: read with every other file, no program more). */
export function forwardingFacts() {
  return { forwardingConf: fileFact(FORWARDING_CONF), ipv4Forwarding: fileFact(IPV4), ipv6Forwarding: fileFact(IPV6) };
}

/** What the forwarding steps read. */
export interface ForwardingFacts {
  readonly forwardingConf: RemoteFile | null;
  readonly ipv4Forwarding: RemoteFile | null;
  readonly ipv6Forwarding: RemoteFile | null;
}

/**
 * Forwarding on (drop-in written, switched on now) when the node routes for the tailnet. When it no longer
 * does, Phanes' drop-in goes, and the running value stays: Docker and others may forward too.
 */
export function forwardingSteps(routes: boolean, facts: ForwardingFacts): Step[] {
  if (!routes) {
    if (!facts.forwardingConf?.content.startsWith(HEADER)) return [];
    return [{ kind: 'command', title: `Remove ${FORWARDING_CONF} (no routes advertised; forwarding stays as it is until the next boot)`, command: sh`rm -f ${FORWARDING_CONF}` }];
  }
  const keys = ['net.ipv4.ip_forward', ...(facts.ipv6Forwarding ? ['net.ipv6.conf.all.forwarding'] : [])];
  const steps: Step[] = ensureFile(
    {
      title: `Forward IP packets at boot (${keys.join(', ')}: routes and exit nodes need it)`,
      path: FORWARDING_CONF,
      content: [HEADER, ...keys.map((key) => `${key} = 1`), ''].join('\n'),
      mode: '0644',
      owner: 'root',
      group: 'root',
    },
    facts.forwardingConf,
  );
  const off = [facts.ipv4Forwarding, facts.ipv6Forwarding].some((value) => value !== null && value.content.trim() !== '1');
  if (off) steps.push({ kind: 'command', title: 'Forward IP packets now', command: sh`sysctl -q -w ${keys.map((key) => `${key}=1`)}` });
  return steps;
}
