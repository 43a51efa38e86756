import { quote } from '../../src/shell/quote.js';
import type { BackupSettings } from '../../schemas/modules/backup.js';
import { CACHE_DIR, ENV_FILE, EXCLUDES_FILE, KNOWN_HOSTS_FILE, LAST_SUCCESS_FILE, PASSWORD_FILE, PATHS_FILE, POST_SCRIPT, PRE_SCRIPT, SSH_KEY_FILE, UNIT, WRAPPER } from './backup-paths.js';
import type { Repository } from './repository.js';

const HEADER = '# Written by Phanes (backup module); edits are replaced on the next apply.\n';

/** The ssh command restic runs for an sftp repository: this key, this host key only, never a prompt. */
function sftpCommand(repository: Extract<Repository, { kind: 'sftp' }>, port: number): string {
  return [
    'ssh',
    `-i ${SSH_KEY_FILE}`,
    `-p ${port}`,
    `-o UserKnownHostsFile=${KNOWN_HOSTS_FILE}`,
    '-o StrictHostKeyChecking=yes',
    '-o BatchMode=yes',
    '-o ServerAliveInterval=60',
    `${repository.user}@${repository.host}`,
    '-s sftp',
  ].join(' ');
}

/**
 * /usr/local/sbin/phanes-backup: restic with the environment file loaded, so `phanes-backup snapshots` or
 * `phanes-backup restore latest --target /tmp/r` work by hand exactly as the service runs.
 */
export function wrapperScript(repository: Repository, settings: BackupSettings): string {
  const options = repository.kind === 'sftp' ? ` -o ${quote(`sftp.command=${sftpCommand(repository, settings.sftp?.port ?? 22)}`)}` : '';
  return `#!/bin/sh
${HEADER}# restic with this host's repository and credentials, e.g.: phanes-backup snapshots
set -a
. ${ENV_FILE}
set +a
exec restic${options} "$@"
`;
}

/** The environment file the wrapper loads: shell assignments, every value quoted. */
export function environmentFile(repository: Repository, settings: BackupSettings): string {
  const values: [string, string][] = [
    ['RESTIC_REPOSITORY', repository.location],
    ['RESTIC_PASSWORD_FILE', PASSWORD_FILE],
    ['RESTIC_CACHE_DIR', CACHE_DIR],
  ];
  if (settings.s3) {
    values.push(['AWS_ACCESS_KEY_ID', settings.s3.access_key_id.reveal()], ['AWS_SECRET_ACCESS_KEY', settings.s3.secret_access_key.reveal()]);
    if (settings.s3.region !== undefined) values.push(['AWS_DEFAULT_REGION', settings.s3.region]);
  }
  return HEADER + values.map(([name, value]) => `${name}=${quote(value)}\n`).join('');
}

/** One path per line, for --files-from-verbatim. */
export const pathsFile = (settings: BackupSettings) => settings.paths.map((path) => `${path}\n`).join('');

/** One pattern per line, for --exclude-file (an empty file excludes nothing). */
export const excludesFile = (settings: BackupSettings) => settings.exclude.map((pattern) => `${pattern}\n`).join('');

/** known_hosts for the repository server: its one key, at its port. */
export function knownHostsFile(repository: Extract<Repository, { kind: 'sftp' }>, hostKey: string, port: number): string {
  return `${port === 22 ? repository.host : `[${repository.host}]:${port}`} ${hostKey}\n`;
}

/** A hook script as the settings give it, run by /bin/sh with -e. */
export const hookScript = (body: string) => `#!/bin/sh -e\n${HEADER}${body.endsWith('\n') ? body : `${body}\n`}`;

/** The oneshot service: pre script, backup, the success time, forget --prune of this host's snapshots, post script. */
export function serviceUnit(settings: BackupSettings): string {
  const keep = [`--keep-daily ${settings.keep_daily}`, `--keep-weekly ${settings.keep_weekly}`, `--keep-monthly ${settings.keep_monthly}`].join(' ');
  const lines = [
    '[Unit]',
    'Description=Backup with restic (Phanes backup module)',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    'Nice=10',
    'IOSchedulingClass=idle',
    ...(settings.pre_command !== undefined ? [`ExecStartPre=${PRE_SCRIPT}`] : []),
    // %H: the host name restic records; forget then keeps and prunes this host's snapshots only.
    `ExecStart=${WRAPPER} backup --host %H --tag phanes --files-from-verbatim ${PATHS_FILE} --exclude-file ${EXCLUDES_FILE}`,
    `ExecStart=/bin/sh -c 'date +%%s > ${LAST_SUCCESS_FILE}'`,
    // `-`: a prune that fails (another host holds the repository's lock) does not fail the backup; it runs next time.
    ...(settings.prune ? [`ExecStart=-${WRAPPER} forget --host %H --tag phanes --prune ${keep}`] : []),
    ...(settings.post_command !== undefined ? [`ExecStopPost=${POST_SCRIPT}`] : []),
  ];
  return `${HEADER}${lines.join('\n')}\n`;
}

/** The timer: the schedule, caught up after downtime (Persistent), spread by a random delay. */
export function timerUnit(settings: BackupSettings): string {
  return `${HEADER}[Unit]
Description=Scheduled backup with restic (Phanes backup module)

[Timer]
OnCalendar=${settings.schedule}
Persistent=true
RandomizedDelaySec=${settings.randomized_delay}
Unit=${UNIT}.service

[Install]
WantedBy=timers.target
`;
}
