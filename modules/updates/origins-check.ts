import { sh, type ShellText } from '../../src/shell/command.js';

/**
 * A Python program that asks unattended-upgrades itself (its own origin parsing and matching, loaded from
 * /usr/bin/unattended-upgrade) whether any of the host's apt sources is an allowed origin. Exits 1 when none
 * is: unattended-upgrades would then upgrade nothing, and its dry run would still succeed. Reads apt's
 * configuration and cache only: no download, unlike `unattended-upgrade --dry-run` (18 s on a Debian 12
 * target with pending updates, 100 s on an Ubuntu 24.04 one).
 */
const PROGRAM = `import importlib.machinery, importlib.util, sys
import apt_pkg
loader = importlib.machinery.SourceFileLoader('unattended_upgrade', '/usr/bin/unattended-upgrade')
uu = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
loader.exec_module(uu)
apt_pkg.init()
allowed = uu.get_allowed_origins()
sources = [f for f in apt_pkg.Cache(None).file_list if f.archive != 'now']
sys.exit(0 if any(uu.is_allowed_origin(f, allowed) for f in sources) else 1)
`;

/** Passes when an allowed origin of unattended-upgrades matches one of the host's apt sources. */
export function originsMatchCheck(): ShellText {
  return sh`python3 -c ${PROGRAM} >/dev/null 2>&1`;
}
