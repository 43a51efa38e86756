/** Where the backup module keeps what it writes on the host; everything secret is in CONF_DIR (0700). */
export const CONF_DIR = '/etc/phanes-backup';
export const STATE_DIR = '/var/lib/phanes-backup';
export const CACHE_DIR = '/var/cache/phanes-backup';
export const PASSWORD_FILE = `${CONF_DIR}/password`;
/** The new password while `restic key passwd` changes it. */
export const NEW_PASSWORD_FILE = `${CONF_DIR}/password.new`;
export const ENV_FILE = `${CONF_DIR}/env`;
export const SSH_KEY_FILE = `${CONF_DIR}/ssh_key`;
export const KNOWN_HOSTS_FILE = `${CONF_DIR}/known_hosts`;
export const PATHS_FILE = `${CONF_DIR}/paths`;
export const EXCLUDES_FILE = `${CONF_DIR}/excludes`;
export const PRE_SCRIPT = `${CONF_DIR}/pre`;
export const POST_SCRIPT = `${CONF_DIR}/post`;
/** The repository Phanes initialized (or found): `restic init` runs only when this differs. */
export const INITIALIZED_FILE = `${CONF_DIR}/initialized`;
/** Seconds since the epoch of the last backup that succeeded (written by the service). */
export const LAST_SUCCESS_FILE = `${STATE_DIR}/last-success`;
/** restic with this host's repository and credentials: the service's command, and the user's. */
export const WRAPPER = '/usr/local/sbin/phanes-backup';
export const UNIT = 'phanes-backup';
export const SERVICE_FILE = `/etc/systemd/system/${UNIT}.service`;
export const TIMER_FILE = `/etc/systemd/system/${UNIT}.timer`;
