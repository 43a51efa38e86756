import { sh } from '../shell/command.js';
import { FIRST_BOOT_INVENTORY } from './first-boot-inventory.js';

/** Where the first boot puts the executable it downloads; `phanes` is on root's PATH there afterwards. */
export const INSTALLED_BINARY = '/usr/local/bin/phanes';
/** The script's own path on the server, so that a failed first boot can be run again by hand. */
export const FIRST_BOOT_SCRIPT = '/usr/local/lib/phanes/first-boot.sh';
/** Logs and the local run cache of first-boot runs. */
export const FIRST_BOOT_STATE_DIR = '/var/lib/phanes/first-boot';

/** The Phanes executable the server fetches: from where, and the sha256 it must have. */
export interface BinarySource {
  readonly url: string;
  readonly sha256: string;
}

/**
 * The script cloud-init runs once the network is up: fetch the executable, refuse it unless its sha256 is
 * the one given, then apply the host's inventory to the machine itself (`connection: local`, as root).
 */
export function firstBootScript(binary: BinarySource): string {
  const download = `${INSTALLED_BINARY}.download`;
  return sh`#!/bin/sh
# Written by phanes cloud-init: run by cloud-init on first boot; safe to run again by hand.
set -eu
curl -fsSL --retry 5 --retry-connrefused --retry-delay 2 -o ${download} ${binary.url}
if ! echo ${`${binary.sha256}  ${download}`} | sha256sum -c --status; then
  echo "phanes: the executable from "${binary.url}" does not have the sha256 this user-data expects; not run" >&2
  rm -f ${download}
  exit 1
fi
chmod 0755 ${download}
mv ${download} ${INSTALLED_BINARY}
exec ${INSTALLED_BINARY} apply -i ${FIRST_BOOT_INVENTORY} --yes --state-dir ${FIRST_BOOT_STATE_DIR}
`.text;
}
