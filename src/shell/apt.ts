import { sh, type ShellText } from './command.js';

/** Waits for another apt or dpkg run to finish instead of failing on its lock. */
const LOCK_TIMEOUT = 'DPkg::Lock::Timeout=300';

export function aptUpdate(): ShellText {
  return sh`apt-get -q -o ${LOCK_TIMEOUT} update`;
}

/** Installs packages without recommends (no questions: step scripts export DEBIAN_FRONTEND=noninteractive). */
export function aptInstall(packages: readonly string[]): ShellText {
  return sh`apt-get -q -y -o ${LOCK_TIMEOUT} install --no-install-recommends ${[...packages]}`;
}
