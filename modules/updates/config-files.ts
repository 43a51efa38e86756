import type { OsRelease } from '../../src/facts/os-release.js';
import type { UpdatesSettings } from '../../schemas/modules/updates.js';

/** Turns the periodic apt jobs on (read by apt.systemd.daily). */
export const PERIODIC_FILE = '/etc/apt/apt.conf.d/20auto-upgrades';
/** Read after the package's 50unattended-upgrades, so its values win; `#clear` drops that file's origins. */
export const POLICY_FILE = '/etc/apt/apt.conf.d/52phanes-unattended-upgrades';

export function periodicConfig(settings: UpdatesSettings): string {
  return [
    '// Written by Phanes (updates module).',
    'APT::Periodic::Update-Package-Lists "1";',
    'APT::Periodic::Unattended-Upgrade "1";',
    `APT::Periodic::AutocleanInterval "${settings.autoclean_days}";`,
    '',
  ].join('\n');
}

/** Security origins only: Debian labels them Debian-Security, Ubuntu ships them in the -security pocket. */
function securityOrigins(os: OsRelease): string[] {
  if (os.id === 'ubuntu') return ['"origin=Ubuntu,archive=${distro_codename}-security,label=Ubuntu";', '"origin=UbuntuESMApps,archive=${distro_codename}-apps-security";', '"origin=UbuntuESM,archive=${distro_codename}-infra-security";'];
  return ['"origin=Debian,codename=${distro_codename},label=Debian-Security";', '"origin=Debian,codename=${distro_codename}-security,label=Debian-Security";'];
}

export function policyConfig(settings: UpdatesSettings, os: OsRelease): string {
  return [
    '// Written by Phanes (updates module).',
    // Debian's 50unattended-upgrades fills Origins-Pattern, Ubuntu's Allowed-Origins: clear both.
    '#clear Unattended-Upgrade::Origins-Pattern;',
    '#clear Unattended-Upgrade::Allowed-Origins;',
    'Unattended-Upgrade::Origins-Pattern {',
    ...securityOrigins(os).map((o) => `        ${o}`),
    '};',
    `Unattended-Upgrade::Remove-Unused-Dependencies "${settings.remove_unused_dependencies}";`,
    `Unattended-Upgrade::Automatic-Reboot "${settings.automatic_reboot}";`,
    `Unattended-Upgrade::Automatic-Reboot-Time "${settings.reboot_time}";`,
    '',
  ].join('\n');
}
