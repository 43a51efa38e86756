import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';

/** A ufw allow rule as ufw keeps it in /etc/ufw/user.rules. */
export interface UfwRule {
  readonly action: string;
  /** `tcp`, `udp` or `any`. */
  readonly proto: string;
  readonly port: string;
  /** The rule's comment (ufw stores it hex-encoded); Phanes marks its own rules `phanes`. */
  readonly comment: string;
  /** Where it allows traffic from (`0.0.0.0/0`: anywhere). */
  readonly from: string;
}

/** A rule as people read it, for notes: `allow 22/tcp from 0.0.0.0/0 (comment: lan)`. */
export function describeRule(rule: UfwRule): string {
  const port = rule.proto === 'any' ? rule.port : `${rule.port}/${rule.proto}`;
  return `${rule.action} ${port} from ${rule.from}${rule.comment ? ` (comment: ${rule.comment})` : ''}`;
}

export interface UfwState {
  readonly active: boolean;
  readonly defaultIncoming: string;
  readonly defaultOutgoing: string;
  readonly rules: readonly UfwRule[];
}

/** The comment Phanes gives its own rules, so it never touches others. */
export const PHANES_RULE_COMMENT = 'phanes';

function policy(value: string | undefined): string {
  return (value ?? '').replace(/"/g, '').toLowerCase().replace('drop', 'deny').replace('accept', 'allow');
}

/**
 * Parses: `ufw status` first line, then /etc/default/ufw's policies, then the `### tuple ###` lines of
 * user.rules (IPv4 only: ufw writes each rule to both files, and reading one keeps rules unique).
 */
export function parseUfw(output: string): UfwState {
  const lines = output.split('\n');
  const value = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
  const rules: UfwRule[] = [];
  for (const line of lines) {
    // action proto dport dst sport src [dapp sapp] direction [comment=HEX]; application profiles add the app names.
    const tuple = /^### tuple ### (\S+) (\S+) (\S+) \S+ \S+ (\S+)(?: \S+ \S+)? in(?: comment=([0-9a-f]+))?/.exec(line);
    if (!tuple) continue;
    const [, action = '', proto = '', port = '', from = '', hex = ''] = tuple;
    rules.push({ action, proto, port, from, comment: Buffer.from(hex, 'hex').toString('utf8') });
  }
  return {
    active: lines[0]?.trim() === 'Status: active',
    defaultIncoming: policy(value('DEFAULT_INPUT_POLICY')),
    defaultOutgoing: policy(value('DEFAULT_OUTPUT_POLICY')),
    rules,
  };
}

export const ufwFact: Fact<UfwState | null> = {
  description: 'ufw state and rules',
  command: sh`command -v ufw >/dev/null || exit 0
ufw status | head -n 1
grep -E '^DEFAULT_(INPUT|OUTPUT)_POLICY=' /etc/default/ufw
grep '^### tuple ###' /etc/ufw/user.rules`,
  parse: (output) => (output.trim() === '' ? null : parseUfw(output)),
};
