import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import type { OsRelease } from '../../src/facts/os-release.js';
import { packagesFact } from '../../src/facts/packages.js';
import { serviceFact } from '../../src/facts/service.js';
import { defineModule, PlanRefusedError, type HealthCheck, type HostContext } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { join, sh } from '../../src/shell/command.js';
import { parseJumpValue } from '../../src/ssh/jump-spec.js';
import { securitySchema, type SecuritySettings } from '../../schemas/modules/security.js';
import { installPackages } from '../apt-packages.js';
import { fail2banJail, FAIL2BAN_JAIL, SSHD_DROP_IN, sshdDropIn, type SshdChoices } from './config-files.js';
import { CONFIRM_CHANGE, REVERT_NOW, REVERTED_MARKER, scheduleRevert } from './revert.js';
import { loginKeysFact, sshdFact, type SshdState } from './sshd-fact.js';
import { strictFacts, strictHealth, strictNotes, strictPackages, strictSteps } from './strict.js';
import { describeRule, PHANES_RULE_COMMENT, ufwFact, type UfwState } from './ufw-fact.js';

/** Sets $own_ip to the address this SSH session comes from (the transport hands SSH_CONNECTION on through sudo). */
const OWN_ADDRESS = sh`own_ip=\${SSH_CONNECTION:-}; own_ip=\${own_ip%% *}`;

/** How long fail2ban ignores Phanes' address: the check login, a rollback and its proof take a minute or two. */
const IGNORE_SECONDS = 300;

/**
 * fail2ban must not ban Phanes for the check login an sshd change may refuse. The exception is made at
 * runtime only, after a transient timer (named after the address) is set to lift it; a timer still
 * pending from an earlier run is pushed back instead. An address ignored by the host's own configuration
 * is left alone. When no timer can be set, no exception is made: a warning, not a failed step.
 */
const IGNORE_OWN_ADDRESS = join(
  [
    OWN_ADDRESS,
    sh`[ -n "$own_ip" ] || exit 0`,
    // Never a failed step: the sshd change before it must still be checked (and rolled back if need be).
    sh`warn() { echo "warning: $own_ip is not exempted from fail2ban while the new login is checked: $1" >&2; exit 0; }`,
    // fail2ban may still be starting: its socket appears within seconds.
    sh`for try in 1 2 3 4 5 6 7 8 9 10; do fail2ban-client ping >/dev/null 2>&1 && break; sleep 1; done`,
    sh`timer=phanes-fail2ban-unignore-$(systemd-escape -- "$own_ip") || warn "systemd-escape failed"`,
    sh`ignored=$(fail2ban-client get sshd ignoreip 2>/dev/null | sed 's/^[|\`]- //' | grep -cxF -- "$own_ip" || true)`,
    sh`if systemctl is-active --quiet "$timer.timer"; then
  systemctl restart "$timer.timer" || warn "the timer $timer.timer could not be restarted"
elif [ "$ignored" != 0 ]; then
  exit 0
else
  systemd-run --quiet --unit="$timer" --on-active=${String(IGNORE_SECONDS)} fail2ban-client set sshd delignoreip "$own_ip" || warn "no timer to lift it could be set"
fi
[ "$ignored" != 0 ] || fail2ban-client set sshd addignoreip "$own_ip" >/dev/null || warn "fail2ban-client refused it"`,
  ],
  '\n',
);

/** After a rollback: lift a ban of Phanes' own address, if one got through. */
const UNBAN_OWN_ADDRESS = join(
  [sh`command -v fail2ban-client >/dev/null || exit 0`, OWN_ADDRESS, sh`[ -z "$own_ip" ] || fail2ban-client set sshd unbanip "$own_ip" >/dev/null 2>&1 || true`],
  '\n',
);

function packagesFor(settings: SecuritySettings, os?: OsRelease): string[] {
  return [
    'openssh-server',
    ...(settings.firewall.enabled ? ['ufw'] : []),
    // fail2ban's systemd backend needs the python bindings; Debian 12 has no /var/log/auth.log to tail.
    ...(settings.fail2ban.enabled ? ['fail2ban', 'python3-systemd'] : []),
    ...strictPackages(settings, os),
  ];
}

/** A port rule as ufw's command line takes it: `22/tcp`, or `443` for both protocols. */
function ruleKey(proto: string, port: string): string {
  return proto === 'any' ? port : `${port}/${proto}`;
}

/** The rules Phanes wants, `action port`: SSH (new and, during a move, current), then the settings' ports. */
function wantedRules(settings: SecuritySettings, currentPorts: readonly number[]): string[] {
  const sshAction = settings.firewall.limit_ssh ? 'limit' : 'allow';
  const ssh = [settings.ssh_port, ...currentPorts].map((p) => `${p}/tcp`);
  const others = settings.firewall.allow.filter((rule) => !ssh.includes(rule));
  return [...new Set([...ssh.map((rule) => `${sshAction} ${rule}`), ...others.map((rule) => `allow ${rule}`)])];
}

/**
 * With --local, Phanes needs no login of its own: refused only when nobody could log in any more, neither
 * root with a key nor the user module's admin (authorized keys and sudo) on this host.
 */
function refuseLocalLockout(settings: SecuritySettings, permitRootLogin: string, rootKeys: number, host: HostContext): void {
  // The user module's admin counts when this run creates it before security.
  const self = host.peers.get(host.host);
  const before = self !== undefined && self.modules.includes('user') && self.modules.indexOf('user') < self.modules.indexOf('security');
  const admin = before ? (self.settings.user as { name?: string; authorized_keys?: string[]; sudo?: string } | undefined) : undefined;
  const adminWay = admin?.name !== undefined && (admin.authorized_keys?.length ?? 0) > 0 && admin.sudo !== 'none' ? admin.name : undefined;
  const rootPassword = permitRootLogin === 'yes' && settings.allow_password_auth;
  const rootWay = permitRootLogin !== 'no' && (rootKeys > 0 || rootPassword) ? 'root' : undefined;
  const allowed = (user: string | undefined) => user !== undefined && (settings.allow_users.length === 0 || settings.allow_users.some((p) => userPatternMatches(p, user)));
  if (allowed(adminWay) || allowed(rootWay)) return;
  throw new PlanRefusedError(
    'security: these settings would leave no way to log in to this machine over SSH: neither root with a key (or a password, if allowed) nor an admin of the user module with authorized_keys and sudo. Add the user module with authorized_keys, or keep root login with a key',
  );
}

/** Refuses settings after which Phanes could no longer log in; the message says what to do instead. */
function refuseLockout(settings: SecuritySettings, permitRootLogin: string, loginKeys: number, host: HostContext): void {
  if (host.local) return refuseLocalLockout(settings, permitRootLogin, loginKeys, host);
  const login = host.loginUser;
  if (permitRootLogin === 'no' && login === 'root') {
    throw new PlanRefusedError(
      'security.permit_root_login: "no" would lock Phanes out: it logs in as root. Log in as the admin user instead (inventory `user:` with sudo, created by the user module), then disable root login',
    );
  }
  if (!settings.allow_password_auth && loginKeys === 0) {
    throw new PlanRefusedError(
      `security.allow_password_auth: false would lock Phanes out: ${login} has no authorized key on the host. Add one first (user module authorized_keys), then turn password login off`,
    );
  }
  if (settings.allow_users.length > 0 && !settings.allow_users.some((pattern) => userPatternMatches(pattern, login))) {
    throw new PlanRefusedError(
      `security.allow_users does not include ${login}, the user Phanes logs in as: add it (e.g. "${login}"), or Phanes could not log in again`,
    );
  }
  // Phanes checks host keys only against the types known_hosts holds for this host.
  const keyType = host.hostKeyType?.replace(/^ssh-/, '').replace(/^ecdsa-sha2-nistp\d+$/, 'ecdsa').replace(/^rsa-sha2-\d+$/, 'rsa');
  if (keyType !== undefined && !(settings.host_keys as string[]).includes(keyType)) {
    throw new PlanRefusedError(
      `security.host_keys: Phanes knows this host by its ${keyType} key only, which sshd would stop offering: add its ${settings.host_keys[0]} key to your known_hosts first (\`ssh-keyscan -t ${settings.host_keys[0]}\` from a network you trust, or \`ssh-keygen -lf /etc/ssh/ssh_host_${settings.host_keys[0]}_key.pub\` on the host to compare), or add ${keyType} to host_keys`,
    );
  }
}

/** Inventory hosts that reach their target by jumping through this host: they need its TCP forwarding. */
function hostsJumpingThrough(host: HostContext): string[] {
  const self = host.peers.get(host.host);
  const names = new Set([host.host, ...(self ? [self.address] : [])]);
  return [...host.peers]
    .filter(([name, peer]) => {
      if (name === host.host || peer.jump === undefined) return false;
      const jump = parseJumpValue(peer.jump);
      return 'hops' in jump && jump.hops.some((hop) => names.has(hop.host));
    })
    .map(([name]) => name);
}

/** The drop-in's values that depend on the host: root login by who Phanes logs in as, forwarding by the peers. */
function sshdChoices(settings: SecuritySettings, sshd: SshdState, host: HostContext): SshdChoices {
  const rootLogs = host.local === true || host.loginUser === 'root';
  return {
    permitRootLogin: settings.permit_root_login ?? (rootLogs ? 'prohibit-password' : 'no'),
    tcpForwarding: settings.allow_tcp_forwarding ? 'yes' : hostsJumpingThrough(host).length > 0 ? 'local' : 'no',
    ...(sshd.version && { version: sshd.version }),
  };
}

/** Host keys sshd is to offer that are missing are made; an RSA key too short for auditors is refused. */
function hostKeySteps(settings: SecuritySettings, sshd: SshdState): Step[] {
  const steps: Step[] = [];
  for (const type of settings.host_keys) {
    const bits = sshd.hostKeys.get(type);
    if (type === 'rsa' && bits !== undefined && bits < 3072) {
      throw new PlanRefusedError(
        `security.host_keys: this host's RSA key has ${bits} bits, auditors want 3072 or more: replace /etc/ssh/ssh_host_rsa_key (ssh-keygen -t rsa -b 3072, then update everyone's known_hosts), or leave rsa out of host_keys`,
      );
    }
    if (bits === undefined) {
      const file = `/etc/ssh/ssh_host_${type}_key`;
      steps.push({
        kind: 'command',
        title: `Make the ${type} host key (${file})`,
        command: sh`rm -f ${file} ${`${file}.pub`}
ssh-keygen -q -t ${type} ${type === 'rsa' ? ['-b', '3072'] : []} -N '' -f ${file}`,
      });
    }
  }
  return steps;
}

/** Does an AllowUsers pattern's user part (before @) match the user? `*` and `?` as sshd reads them. */
function userPatternMatches(pattern: string, user: string): boolean {
  const userPart = pattern.split('@')[0] ?? '';
  const regex = new RegExp(`^${userPart.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(user);
}

function firewallSteps(settings: SecuritySettings, ufw: UfwState | null, currentPorts: readonly number[]): Step[] {
  if (!settings.firewall.enabled) return [];
  const steps: Step[] = [];
  if (ufw?.defaultIncoming !== 'deny' || ufw.defaultOutgoing !== 'allow') {
    steps.push({ kind: 'command', title: 'Firewall: deny incoming, allow outgoing by default', command: sh`ufw default deny incoming\nufw default allow outgoing` });
  }
  const wanted = wantedRules(settings, currentPorts);
  const incoming = (ufw?.rules ?? []).filter((r) => r.action === 'allow' || r.action === 'limit');
  const ours = incoming.filter((r) => r.comment === PHANES_RULE_COMMENT).map((r) => `${r.action} ${ruleKey(r.proto, r.port)}`);
  // A port someone else already opened is left to them: `ufw allow` would rewrite their rule's comment
  // and make it ours (to delete later), and would widen a rule they limited to some addresses.
  const theirs = incoming.filter((r) => r.comment !== PHANES_RULE_COMMENT).map((r) => ruleKey(r.proto, r.port));
  const missing = wanted.filter((rule) => !ours.includes(rule) && !theirs.includes(rule.split(' ')[1]!));
  // The SSH port is opened BEFORE the firewall is enabled, so enabling it never cuts the connection.
  // `ufw limit` on a port with an allow rule (or the other way) replaces that rule in place.
  for (const rule of missing) {
    steps.push({ kind: 'command', title: `Firewall: ${rule}`, command: sh`ufw ${rule.split(' ')} comment ${PHANES_RULE_COMMENT}` });
  }
  if (!ufw?.active) steps.push({ kind: 'command', title: 'Firewall: enable', command: sh`ufw --force enable` });
  const replaced = new Set(missing.map((rule) => rule.split(' ')[1]));
  for (const rule of ours.filter((r) => !wanted.includes(r) && !replaced.has(r.split(' ')[1]))) {
    steps.push({ kind: 'command', title: `Firewall: remove ${rule} (no longer in settings)`, command: sh`ufw --force delete ${rule.split(' ')}` });
  }
  return steps;
}

export const security = defineModule({
  name: 'security',
  description: 'sshd hardening, ufw firewall and fail2ban, refusing any change that would lock Phanes out',
  requires: [],
  schema: securitySchema,
  facts: (settings: SecuritySettings, host) => ({
    packages: packagesFact(packagesFor(settings)),
    aptCacheAge: aptCacheAgeFact,
    sshd: sshdFact,
    // With --local nobody logs in for Phanes: root's keys are what keeps a way in.
    loginKeys: loginKeysFact(host.local ? 'root' : host.loginUser),
    dropIn: fileFact(SSHD_DROP_IN),
    ufw: ufwFact,
    jail: fileFact(FAIL2BAN_JAIL),
    fail2ban: serviceFact('fail2ban'),
    reverted: fileFact(REVERTED_MARKER),
    ...strictFacts(settings),
  }),
  plan(settings: SecuritySettings, facts, host) {
    const choices = sshdChoices(settings, facts.sshd, host);
    refuseLockout(settings, choices.permitRootLogin, facts.loginKeys, host);
    // Level strict's files first: needrestart's configuration is in place before it is installed.
    const steps: Step[] = [...strictSteps(settings, facts), ...installPackages(packagesFor(settings, host.os), facts.packages, facts.aptCacheAge, 86_400)];
    const hostKeys = hostKeySteps(settings, facts.sshd);
    const firewall = firewallSteps(settings, facts.ufw, facts.sshd.ports);
    const dropIn = ensureFile(
      {
        title: `Harden sshd (${SSHD_DROP_IN})`,
        path: SSHD_DROP_IN,
        content: sshdDropIn(settings, choices),
        mode: '0644',
        owner: 'root',
        group: 'root',
        // The candidate is read first, then the whole config after it: what sshd will run is what is checked.
        // sshd -t wants its privilege separation directory, which a socket-activated sshd (Ubuntu 24.04)
        // makes only when it first runs.
        validate: (tmp) => sh`{ printf 'Include %s\\n' ${tmp}; cat /etc/ssh/sshd_config; } > ${tmp}.check
mkdir -p /run/sshd
sshd -t -f ${tmp}.check || { rm -f ${tmp}.check; exit 1; }
rm -f ${tmp}.check`,
        reload: 'ssh',
      },
      facts.dropIn,
    );
    // Everything that can cut logins comes after the timer that undoes it; package installs come before,
    // so their time does not count against revert_after. With --local nobody logs in to confirm.
    const risky = [...hostKeys, ...firewall, ...dropIn];
    if (risky.length > 0 && !host.local) {
      steps.push({ kind: 'command', title: `Revert sshd and ufw by themselves in ${settings.revert_after} s unless a new login confirms the change`, command: scheduleRevert(settings.revert_after) });
    }
    steps.push(...risky);
    if (dropIn.length > 0 && facts.sshd.socketActivated && !facts.sshd.ports.includes(settings.ssh_port)) {
      // With socket activation the socket, not sshd, owns the port: regenerate it from sshd_config.
      steps.push({ kind: 'command', title: `Move ssh.socket to port ${settings.ssh_port}`, command: sh`systemctl daemon-reload\nsystemctl restart ssh.socket` });
    }

    if (settings.fail2ban.enabled) {
      steps.push(
        ...ensureFile(
          { title: 'fail2ban: sshd jail', path: FAIL2BAN_JAIL, content: fail2banJail(settings), mode: '0644', owner: 'root', group: 'root', reload: 'fail2ban' },
          facts.jail,
        ),
      );
      if (!facts.fail2ban.active || !facts.fail2ban.enabled) {
        steps.push({ kind: 'command', title: 'fail2ban: enable and start', command: sh`systemctl enable --now fail2ban` });
      }
      // Last, after any fail2ban reload (which would forget it): the check login that follows may be refused.
      if (dropIn.length > 0) steps.push({ kind: 'command', title: "fail2ban: ignore Phanes' own address while the new login is checked", command: IGNORE_OWN_ADDRESS });
    }
    return steps;
  },
  notes(settings: SecuritySettings, facts, host) {
    const notes: string[] = [];
    if (facts.reverted !== null) {
      notes.push(`the host reverted an sshd/ufw change by itself at ${facts.reverted.content.trim()}: the run that made it never proved a new login (it died, or the login failed)`);
    }
    const jumpers = hostsJumpingThrough(host);
    if (jumpers.length > 0 && !settings.allow_tcp_forwarding) {
      notes.push(`sshd AllowTcpForwarding stays at local (not no): ${jumpers.join(', ')} jump through this host`);
    }
    if (settings.firewall.enabled) {
      notes.push(...(facts.ufw?.rules ?? []).filter((r) => r.comment !== PHANES_RULE_COMMENT).map((r) => `ufw rule not added by Phanes, left alone: ${describeRule(r)}`));
    }
    notes.push(...strictNotes(settings, facts));
    return notes;
  },
  loginPort: (settings: SecuritySettings) => settings.ssh_port,
  rollbackOnLoginFailure: () => join([REVERT_NOW, UNBAN_OWN_ADDRESS], '\n'),
  confirmChange: () => CONFIRM_CHANGE,
  health(settings: SecuritySettings): HealthCheck[] {
    const checks: HealthCheck[] = [
      // The same directory as above: without it sshd -t fails whatever the configuration.
      { title: 'sshd configuration is valid', command: sh`mkdir -p /run/sshd && sshd -t`, hint: 'run `sshd -t` on the host: it names the broken line' },
    ];
    if (settings.firewall.enabled) {
      checks.push({ title: 'ufw is active', command: sh`ufw status | grep -qx 'Status: active'`, hint: 'the firewall is off: `ufw status verbose`; apply again to enable it' });
    }
    if (settings.fail2ban.enabled) {
      checks.push({
        title: 'fail2ban sshd jail is active',
        command: sh`fail2ban-client status sshd`,
        hint: 'fail2ban or its sshd jail is down: `systemctl status fail2ban` and `journalctl -u fail2ban` say why',
      });
    }
    checks.push(...strictHealth(settings));
    return checks;
  },
});
