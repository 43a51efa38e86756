import type { Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import type { MonitoringSettings } from '../../schemas/modules/monitoring.js';

/**
 * kickstart.sh options: no questions, Netdata's native packages only (so dpkg knows the installed version
 * and the config lives in /etc/netdata), no automatic updates (the version is pinned here), no telemetry.
 */
const INSTALLER_OPTIONS = ['--non-interactive', '--native-only', '--no-updates', '--disable-telemetry'];

/** Whether dpkg's version of netdata is the pinned release (Netdata's packages may add a revision). */
export function isPinnedVersion(installed: string | undefined, pinned: string): boolean {
  return installed !== undefined && (installed === pinned || installed.startsWith(`${pinned}-`) || installed.startsWith(`${pinned}+`));
}

/**
 * Downloads the official installer to a temp file, checks its SHA-256 when one is pinned, and runs it for
 * the pinned version; `--reinstall` replaces another installed version (the distribution's, or an older pin).
 */
export function installerStep(settings: MonitoringSettings, installed: string | undefined): Step {
  const version = settings.installer_version;
  const check =
    settings.installer_sha256 === ''
      ? sh``
      : sh`
if [ "$(sha256sum "$phanes_installer" | cut -d ' ' -f 1)" != ${settings.installer_sha256} ]; then
  echo ${settings.installer_url} does not have the SHA-256 pinned in installer_sha256 >&2
  exit 1
fi`;
  const reinstall = installed === undefined ? [] : ['--reinstall'];
  const title =
    installed === undefined
      ? `Install Netdata ${version} with the official installer (${settings.installer_url})`
      : `Replace Netdata ${installed} by ${version} with the official installer (${settings.installer_url})`;
  return {
    kind: 'command',
    title,
    command: sh`phanes_installer=$(mktemp -t netdata-kickstart.XXXXXX)
trap 'rm -f "$phanes_installer"' EXIT
curl -fsSL --proto '=https' -o "$phanes_installer" ${settings.installer_url}${check}
sh "$phanes_installer" ${[...INSTALLER_OPTIONS, ...reinstall, '--install-version', version]}`,
  };
}
