import { NORMAL_PATH, secretSetting, type ModuleSettings } from '../module-settings.js';

/** A retention count: how many snapshots of that period to keep (0: none of that period). */
const keep = (period: string, fallback: number) =>
  ({ type: 'integer', minimum: 0, maximum: 1000, default: fallback, description: `${period} snapshots to keep (restic forget --keep-${period})` }) as const;

/** A shell script run as root by the backup service; no NUL characters. */
const hookScript = (when: string) => ({ type: 'string', minLength: 1, pattern: '^[^\\u0000]*$', description: when }) as const;

/** Settings of the backup module: restic, a repository, what to back up, when, and how long to keep it. */
export const backupSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['repository', 'password', 'paths'],
  properties: {
    repository: {
      type: 'string',
      pattern: '^(/(?!\\.\\.?(/|$))[^/\\n]+)+$|^sftp:[a-z_][a-z0-9_.-]*@[A-Za-z0-9.:\\[\\]-]+:/[^\\n]*[^/\\n]$|^s3:[^\\s]+$',
      description:
        'where snapshots go: an absolute path on the host, `sftp:USER@HOST:/PATH` on another server (see `sftp`), or `s3:ENDPOINT/BUCKET[/PREFIX]` (see `s3`); `restic init` runs only when it does not exist yet',
    },
    password: secretSetting('repository password; reaches the host only as /etc/phanes-backup/password (0600 root), read by restic with --password-file'),
    paths: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: NORMAL_PATH },
      description: 'absolute paths to back up',
    },
    exclude: {
      type: 'array',
      default: [],
      items: { type: 'string', minLength: 1, pattern: '^[^\\n]+$' },
      description: "restic exclude patterns, e.g. '*.tmp' or /var/lib/app/cache",
    },
    schedule: {
      type: 'string',
      default: 'daily',
      pattern: '^[^\\n\\\\]+$',
      description: 'when to back up: a systemd OnCalendar expression, e.g. daily, hourly, `Mon..Fri 02:30`; checked by systemd-analyze before it takes effect',
    },
    randomized_delay: {
      type: 'string',
      default: '30min',
      pattern: '^[0-9]+ ?(s|sec|min|m|h|hr)?$',
      description: 'RandomizedDelaySec of the timer: many hosts sharing one repository do not all start at once',
    },
    keep_daily: keep('daily', 7),
    keep_weekly: keep('weekly', 4),
    keep_monthly: keep('monthly', 6),
    prune: { type: 'boolean', default: true, description: 'after each backup, `restic forget --prune` with the keep_* counts (false: keep every snapshot)' },
    pre_command: hookScript('shell script run as root before each backup, e.g. a pg_dump into a backed-up path; the backup does not run when it fails'),
    post_command: hookScript('shell script run as root after each backup, whether it succeeded or not ($SERVICE_RESULT says which), e.g. removing that dump'),
    sftp: {
      type: 'object',
      additionalProperties: false,
      required: ['private_key', 'host_key'],
      description: 'for an sftp: repository: how this host logs in to the repository server',
      properties: {
        private_key: secretSetting('OpenSSH private key this host logs in with; written to /etc/phanes-backup/ssh_key (0600 root)'),
        host_key: {
          type: 'string',
          pattern: '^(ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|ssh-rsa) [A-Za-z0-9+/]+=*$',
          description: "the repository server's public host key (`TYPE BASE64`, as in its /etc/ssh/ssh_host_*_key.pub): connections to any other key are refused",
        },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 22, description: "the repository server's SSH port" },
      },
    },
    s3: {
      type: 'object',
      additionalProperties: false,
      required: ['access_key_id', 'secret_access_key'],
      description: 'for an s3: repository: the credentials, kept in /etc/phanes-backup/env (0600 root)',
      properties: {
        access_key_id: secretSetting('S3 access key id (AWS_ACCESS_KEY_ID)'),
        secret_access_key: secretSetting('S3 secret access key (AWS_SECRET_ACCESS_KEY)'),
        region: { type: 'string', pattern: '^[a-z0-9-]+$', description: 'AWS_DEFAULT_REGION, when the endpoint needs one' },
      },
    },
  },
} as const;

export type BackupSettings = ModuleSettings<typeof backupSchema>;
