import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { serviceFact } from '../../src/facts/service.js';
import { defineModule, PlanRefusedError } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step, type WantedFile } from '../../src/engine/step.js';
import { sh, type ShellText } from '../../src/shell/command.js';
import { Secret } from '../../src/shell/secret.js';
import { backupSchema, type BackupSettings } from '../../schemas/modules/backup.js';
import { installPackages } from '../apt-packages.js';
import { directoriesFact } from './backup-facts.js';
import { environmentFile, excludesFile, hookScript, knownHostsFile, pathsFile, serviceUnit, timerUnit, wrapperScript } from './backup-files.js';
import * as where from './backup-paths.js';
import { parseRepository, type Repository } from './repository.js';

const TIMER = `${where.UNIT}.timer`;
const SERVICE = `${where.UNIT}.service`;

/** Files the module may write, by fact name; each is read in the one probe. */
const FILES = {
  password: where.PASSWORD_FILE,
  env: where.ENV_FILE,
  sshKey: where.SSH_KEY_FILE,
  knownHosts: where.KNOWN_HOSTS_FILE,
  paths: where.PATHS_FILE,
  excludes: where.EXCLUDES_FILE,
  pre: where.PRE_SCRIPT,
  post: where.POST_SCRIPT,
  wrapper: where.WRAPPER,
  initialized: where.INITIALIZED_FILE,
  service: where.SERVICE_FILE,
  timer: where.TIMER_FILE,
} as const;

/** The repository, with the settings its kind needs; refuses settings of another kind's. */
function repositoryOf(settings: BackupSettings): Repository {
  const repository = parseRepository(settings.repository);
  if (repository.kind === 'sftp' && !settings.sftp) throw new PlanRefusedError('backup.repository is an sftp: repository: set backup.sftp.private_key and backup.sftp.host_key');
  if (repository.kind !== 'sftp' && settings.sftp) throw new PlanRefusedError('backup.sftp is set, but backup.repository is not an sftp: repository: remove one of them');
  if (repository.kind !== 's3' && settings.s3) throw new PlanRefusedError('backup.s3 is set, but backup.repository is not an s3: repository: remove one of them');
  const password = settings.password.reveal();
  if (password === '') throw new PlanRefusedError('backup.password is empty: restic needs a password to encrypt the repository');
  if (/[\r\n]/.test(password)) throw new PlanRefusedError('backup.password contains a line break, which restic would cut off when it reads the password file: choose another password');
  return repository;
}

/** Checks a unit file with systemd's own verifier, under its real name (systemd-analyze reads the type from it). */
const verifyUnit = (name: string) => (file: ShellText) =>
  sh`(d=$(mktemp -d) && cp ${file} "$d"/${name} && systemd-analyze verify "$d"/${name}; s=$?; rm -rf "$d"; exit $s)`;

/** A root-owned file of the module; `secret` when its content must never be shown. */
function wanted(title: string, path: string, content: string | Secret, mode = '0600', extra: Partial<WantedFile> = {}): WantedFile {
  return { title, path, content, mode, owner: 'root', group: 'root', ...extra };
}

export const backup = defineModule({
  name: 'backup',
  description: 'Scheduled restic backups to a local path, an SFTP server or S3, with retention, pre/post hooks and health',
  requires: [],
  schema: backupSchema,
  facts: () => ({
    packages: packagesFact(['restic']),
    aptCacheAge: aptCacheAgeFact,
    directories: directoriesFact,
    ...(Object.fromEntries(Object.entries(FILES).map(([name, path]) => [name, fileFact(path)])) as Record<keyof typeof FILES, ReturnType<typeof fileFact>>),
    timerState: serviceFact(TIMER),
  }),
  plan(settings: BackupSettings, facts) {
    const repository = repositoryOf(settings);
    const steps: Step[] = installPackages(['restic'], facts.packages, facts.aptCacheAge, 86_400);
    if (!facts.directories) {
      steps.push({ kind: 'command', title: `Create ${where.CONF_DIR} and ${where.STATE_DIR} (0700 root)`, command: sh`install -d -m 0700 ${where.CONF_DIR} ${where.STATE_DIR}` });
    }
    const current = (name: keyof typeof FILES): RemoteFile | null => facts[name];
    // Files that left the settings go last, once the units no longer name them.
    const removals: Step[] = [];
    const remove = (name: keyof typeof FILES, what: string) => {
      if (current(name)) removals.push({ kind: 'command', title: `Remove ${what} (${FILES[name]}): no longer in the settings`, command: sh`rm -f ${FILES[name]}` });
    };

    const s3Secret = settings.s3 ? settings.s3.secret_access_key.source : undefined;
    const env = environmentFile(repository, settings);
    steps.push(...ensureFile(wanted(`Write restic's environment to ${where.ENV_FILE} (0600: repository${settings.s3 ? ', S3 credentials' : ''})`, where.ENV_FILE, s3Secret ? new Secret(env, s3Secret) : env), current('env')));

    if (repository.kind === 'sftp' && settings.sftp) {
      const key = settings.sftp.private_key.reveal();
      const keyContent = new Secret(key.endsWith('\n') ? key : `${key}\n`, settings.sftp.private_key.source);
      steps.push(...ensureFile(wanted(`Write the SSH key for ${repository.host} to ${where.SSH_KEY_FILE} (0600)`, where.SSH_KEY_FILE, keyContent), current('sshKey')));
      const knownHosts = knownHostsFile(repository, settings.sftp.host_key, settings.sftp.port);
      steps.push(...ensureFile(wanted(`Trust only ${repository.host}'s host key (${where.KNOWN_HOSTS_FILE})`, where.KNOWN_HOSTS_FILE, knownHosts, '0644'), current('knownHosts')));
    } else {
      remove('sshKey', 'the SSH key of an sftp repository');
      remove('knownHosts', "an sftp repository's host key");
    }

    const count = settings.paths.length;
    steps.push(...ensureFile(wanted(`Back up ${count} path${count > 1 ? 's' : ''} (${where.PATHS_FILE})`, where.PATHS_FILE, pathsFile(settings), '0644'), current('paths')));
    steps.push(...ensureFile(wanted(`Write the exclude patterns (${where.EXCLUDES_FILE}: ${settings.exclude.length})`, where.EXCLUDES_FILE, excludesFile(settings), '0644'), current('excludes')));
    for (const [name, body, when] of [['pre', settings.pre_command, 'before'], ['post', settings.post_command, 'after']] as const) {
      if (body === undefined) remove(name, `the script run ${when} each backup`);
      else steps.push(...ensureFile(wanted(`Write the script run ${when} each backup (${FILES[name]})`, FILES[name], hookScript(body), '0700'), current(name)));
    }
    steps.push(...ensureFile(wanted(`Write ${where.WRAPPER} (restic with this repository: phanes-backup snapshots, restore, ...)`, where.WRAPPER, wrapperScript(repository, settings), '0700'), current('wrapper')));

    // The password, once the credentials and wrapper are current: a repository Phanes opened with the old
    // one gets the new one as a key first.
    const initialized = current('initialized')?.content === `${repository.location}\n`;
    const oldPassword = current('password');
    const password = settings.password;
    if (initialized && oldPassword !== null && oldPassword.content !== password.reveal()) {
      steps.push(...ensureFile(wanted(`Write the new repository password to ${where.NEW_PASSWORD_FILE} (0600)`, where.NEW_PASSWORD_FILE, password), null), {
        kind: 'command',
        title: `Change the repository's password (restic key passwd), then use it`,
        // Already changed by an interrupted run: the new password opens it, so only the file is moved.
        command: sh`if ! ${where.WRAPPER} --password-file ${where.NEW_PASSWORD_FILE} cat config >/dev/null 2>&1; then ${where.WRAPPER} key passwd --new-password-file ${where.NEW_PASSWORD_FILE}; fi
mv -f ${where.NEW_PASSWORD_FILE} ${where.PASSWORD_FILE}`,
      });
    } else {
      steps.push(...ensureFile(wanted(`Write the repository password to ${where.PASSWORD_FILE} (0600)`, where.PASSWORD_FILE, password), oldPassword));
    }


    if (!initialized) {
      steps.push({
        kind: 'command',
        title: `Initialize the repository ${repository.location} unless it exists (restic init)`,
        command: sh`if out=$(${where.WRAPPER} cat config 2>&1 >/dev/null); then
  echo 'the repository exists: not initialized again'
elif printf '%s\\n' "$out" | grep -q 'wrong password'; then
  printf '%s\\n' ${`a repository exists at ${repository.location}, but backup.password does not open it (restic: wrong password or no key found): give its password, or point backup.repository at a new location`} >&2
  exit 1
elif printf '%s\\n' "$out" | grep -q 'Is there a repository at the following location'; then
  ${where.WRAPPER} init
else
  printf '%s\\n' "$out" >&2
  exit 1
fi
printf '%s\\n' ${repository.location} > ${where.INITIALIZED_FILE}`,
      });
    }

    const serviceSteps = ensureFile(wanted(`Write ${SERVICE} (checked by systemd-analyze verify)`, where.SERVICE_FILE, serviceUnit(settings), '0644', { validate: verifyUnit(SERVICE) }), current('service'));
    const timerSteps = ensureFile(
      wanted(`Write ${TIMER} (${settings.schedule}, checked by systemd-analyze verify)`, where.TIMER_FILE, timerUnit(settings), '0644', { validate: verifyUnit(TIMER) }),
      current('timer'),
    );
    steps.push(...serviceSteps, ...timerSteps);
    if (serviceSteps.length + timerSteps.length > 0) steps.push({ kind: 'command', title: 'Reload systemd', command: sh`systemctl daemon-reload` });
    if (timerSteps.length > 0 || !facts.timerState.active || !facts.timerState.enabled) {
      steps.push({ kind: 'command', title: `Start ${TIMER} and start it at boot`, command: sh`systemctl enable ${TIMER} && systemctl restart ${TIMER}` });
    }
    return [...steps, ...removals];
  },
  health(settings: BackupSettings) {
    return [
      {
        title: `${TIMER} is active`,
        command: sh`systemctl is-active --quiet ${TIMER}`,
        hint: `start it with systemctl start ${TIMER}; see systemctl status ${TIMER}`,
      },
      {
        title: 'the last backup run succeeded (or none ran yet)',
        command: sh`[ "$(systemctl show -p Result --value ${SERVICE})" = success ]`,
        hint: `see journalctl -u ${SERVICE} (a wrong password says "wrong password or no key found"; an unreachable sftp server says "ssh command exited"); run one now with systemctl start ${SERVICE}`,
      },
      {
        title: `the last successful backup is not older than twice the schedule's longest gap (${settings.schedule})`,
        // The first backup is due within one interval of the timer's setup: until then, that time counts.
        // The longest gap between the schedule's next 10 runs: a weekday schedule's weekend counts.
        command: sh`last=$(cat ${where.LAST_SUCCESS_FILE} 2>/dev/null) && [ -n "$last" ] || last=$(stat -c %Y ${where.TIMER_FILE})
gap=$(TZ=UTC systemd-analyze calendar --iterations=10 ${settings.schedule} | sed -n 's/^ *\\(Next elapse\\|Iter\\. #[0-9]*\\): //p' | while IFS= read -r t; do date -d "$t" +%s; done | awk 'NR > 1 && $1 - p > g { g = $1 - p } { p = $1 } END { print g + 0 }')
[ "$gap" -gt 0 ] && [ $(( $(date +%s) - last )) -le $(( 2 * gap )) ]`,
        hint: `no backup succeeded for longer than twice the schedule: see journalctl -u ${SERVICE}; run one now with systemctl start ${SERVICE}, and list snapshots with ${where.WRAPPER} snapshots`,
      },
    ];
  },
});
