import { PlanRefusedError } from '../../src/engine/module.js';
import type { TailscaleSettings } from '../../schemas/modules/tailscale.js';
import type { NodePrefs } from './node-prefs.js';
import { canonicalRoute, EXIT_ROUTES } from './route-prefix.js';

/** The node's preferences as the settings want them, routes in tailscale's canonical text. */
export interface WantedNode {
  readonly hostname: string;
  readonly tags: readonly string[];
  /** Subnet routes, without the exit node's default routes. */
  readonly routes: readonly string[];
  readonly exitNode: boolean;
  readonly ssh: boolean;
  readonly acceptRoutes: boolean;
}

/** The settings as preferences; routes tailscale would refuse are refused here, before anything runs. */
export function wantedNode(settings: TailscaleSettings): WantedNode {
  const routes: string[] = [];
  for (const text of settings.advertise_routes) {
    const read = canonicalRoute(text);
    if ('error' in read) throw new PlanRefusedError(`tailscale.advertise_routes: ${read.error}`);
    if (routes.includes(read.route)) throw new PlanRefusedError(`tailscale.advertise_routes: ${text} is listed twice (as ${read.route}); keep one`);
    routes.push(read.route);
  }
  return {
    hostname: settings.hostname,
    tags: settings.tags,
    routes,
    exitNode: settings.advertise_exit_node,
    ssh: settings.ssh,
    acceptRoutes: settings.accept_routes,
  };
}

/** Order and repeats aside: tailscale keeps tags and routes as given, Phanes compares what they mean. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}
const onOff = (value: boolean) => (value ? 'on' : 'off');

/** One preference Phanes manages: how it differs, how it reads in a title, the flags that set it. */
interface Preference {
  /** Whether `tailscale set` takes it; the others only `tailscale up` changes (tags: it re-authenticates). */
  readonly settable: boolean;
  differs(wanted: WantedNode, prefs: NodePrefs): boolean;
  label(wanted: WantedNode): string;
  flags(wanted: WantedNode): string[];
}

const subnetRoutes = (prefs: NodePrefs) => prefs.advertiseRoutes.filter((route) => !EXIT_ROUTES.includes(route));
const advertisesExitNode = (prefs: NodePrefs) => EXIT_ROUTES.every((route) => prefs.advertiseRoutes.includes(route));
/** Both route flags go together: they set one preference (AdvertiseRoutes). */
const routeFlags = (wanted: WantedNode) => [`--advertise-routes=${wanted.routes.join(',')}`, `--advertise-exit-node=${wanted.exitNode}`];

/** In the order `tailscale up` is given them. */
const PREFERENCES: readonly Preference[] = [
  {
    settable: true,
    differs: (wanted, prefs) => wanted.hostname !== prefs.hostname,
    label: (wanted) => (wanted.hostname === '' ? "hostname: the host's own" : `hostname ${wanted.hostname}`),
    flags: (wanted) => [`--hostname=${wanted.hostname}`],
  },
  {
    settable: false,
    differs: (wanted, prefs) => !sameSet(wanted.tags, prefs.advertiseTags),
    label: (wanted) => (wanted.tags.length === 0 ? 'no tags' : `tags ${wanted.tags.join(',')}`),
    flags: (wanted) => [`--advertise-tags=${wanted.tags.join(',')}`],
  },
  {
    settable: true,
    differs: (wanted, prefs) => !sameSet(wanted.routes, subnetRoutes(prefs)),
    label: (wanted) => (wanted.routes.length === 0 ? 'no subnet routes' : `routes ${wanted.routes.join(',')}`),
    flags: routeFlags,
  },
  {
    settable: true,
    differs: (wanted, prefs) => wanted.exitNode !== advertisesExitNode(prefs),
    label: (wanted) => `exit node ${onOff(wanted.exitNode)}`,
    flags: routeFlags,
  },
  {
    settable: true,
    differs: (wanted, prefs) => wanted.acceptRoutes !== prefs.routeAll,
    label: (wanted) => `accept routes ${onOff(wanted.acceptRoutes)}`,
    flags: (wanted) => [`--accept-routes=${wanted.acceptRoutes}`],
  },
  {
    settable: true,
    differs: (wanted, prefs) => wanted.ssh !== prefs.runSsh,
    label: (wanted) => `Tailscale SSH ${onOff(wanted.ssh)}`,
    flags: (wanted) => [`--ssh=${wanted.ssh}`],
  },
];

/** What must change on a node with these preferences: nothing, what `tailscale set` can do, or `tailscale up`. */
export interface NodeChanges {
  /** Labels of the preferences that differ, for a step's title. */
  readonly labels: readonly string[];
  /** `tailscale set` flags for them, when set can make every change. */
  readonly setFlags: readonly string[];
  /** Whether one of them only `tailscale up` changes. */
  readonly needsUp: boolean;
}

export function nodeChanges(wanted: WantedNode, prefs: NodePrefs): NodeChanges {
  const differing = PREFERENCES.filter((preference) => preference.differs(wanted, prefs));
  const setFlags = [...new Set(differing.flatMap((preference) => preference.flags(wanted)))];
  return { labels: differing.map((preference) => preference.label(wanted)), setFlags, needsUp: differing.some((preference) => !preference.settable) };
}

/**
 * Every flag `tailscale up` needs: up refuses to run when a setting made earlier would silently go back to
 * its default, so it is always given the complete set.
 */
export function upFlags(wanted: WantedNode): string[] {
  return [...new Set(PREFERENCES.flatMap((preference) => preference.flags(wanted)))];
}

/** The settings as a title reads them. */
export function describeNode(wanted: WantedNode): string {
  return [...new Set(PREFERENCES.map((preference) => preference.label(wanted)))].join(', ');
}
