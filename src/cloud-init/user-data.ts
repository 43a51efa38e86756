import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { FIRST_BOOT_INVENTORY } from './first-boot-inventory.js';
import { FIRST_BOOT_SCRIPT, firstBootScript, type BinarySource } from './first-boot-script.js';

/** The user-data size most providers accept (EC2, and many others, stop at 16 KiB). */
export const USER_DATA_LIMIT = 16_384;

/** What a first boot needs besides the inventory. */
export interface UserDataInput {
  /** The first-boot inventory's YAML (firstBootInventory). */
  readonly inventory: string;
  /** Who `phanes plan` logs in as afterwards. */
  readonly loginUser: string;
  /** Public keys that user logs in with (OpenSSH one-line format). */
  readonly authorizedKeys: readonly string[];
  /** True when the user module makes the login user with its own sudo rule (cloud-init then adds none). */
  readonly loginUserManaged: boolean;
  readonly binary: BinarySource;
  /** gzip the inventory file (write_files `encoding: gz+b64`): for hosts whose settings are large. */
  readonly compress?: boolean;
}

/**
 * The `#cloud-config` user-data. Order of what cloud-init does with it: write_files (the inventory and the
 * first-boot script) and the login (root's keys, or the login user made with its keys) in its init stage,
 * before sshd offers logins; the first-boot script in its final stage, once the network is up.
 */
export function renderUserData(input: UserDataInput): string {
  const login =
    input.loginUser === 'root'
      ? // cloud-init's default puts root's keys behind a "log in as the default user" command: not for root logins.
        { disable_root: false, ssh_authorized_keys: [...input.authorizedKeys] }
      : {
          users: [
            'default',
            {
              name: input.loginUser,
              shell: '/bin/bash',
              ssh_authorized_keys: [...input.authorizedKeys],
              // Phanes logs in and runs sudo without a terminal; the user module, when it makes this user, sets its own rule.
              ...(!input.loginUserManaged && { sudo: 'ALL=(ALL) NOPASSWD:ALL' }),
            },
          ],
        };
  const inventoryFile = input.compress
    ? { path: FIRST_BOOT_INVENTORY, encoding: 'gz+b64', content: gzipSync(input.inventory, { level: 9 }).toString('base64') }
    : { path: FIRST_BOOT_INVENTORY, content: input.inventory };
  const document = {
    ...login,
    write_files: [
      { ...inventoryFile, owner: 'root:root', permissions: '0600' },
      { path: FIRST_BOOT_SCRIPT, content: firstBootScript(input.binary), owner: 'root:root', permissions: '0700' },
    ],
    runcmd: [['sh', FIRST_BOOT_SCRIPT]],
  };
  return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}
