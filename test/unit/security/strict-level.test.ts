import { describe, expect, it } from 'vitest';
import { editLoginDefs } from '../../../modules/security/strict-files.js';
import { parseSysctlKeys } from '../../../modules/security/sysctl-fact.js';

describe('security level strict: login.defs', () => {
  const keys = [
    ['UMASK', '027'],
    ['PASS_MIN_DAYS', '1'],
    ['SHA_CRYPT_MIN_ROUNDS', '5000'],
  ] as const;

  it('sets only its keys, keeps comments and other lines, comments out later duplicates, appends missing keys', () => {
    const before = '# header\nUMASK\t\t022\nMAIL_DIR /var/mail\n#SHA_CRYPT_MIN_ROUNDS 5000\n  PASS_MIN_DAYS 0\nUMASK 077\nPASS_MIN_DAYSX 3\n';
    expect(editLoginDefs(before, keys)).toBe(
      '# header\nUMASK\t027\nMAIL_DIR /var/mail\n#SHA_CRYPT_MIN_ROUNDS 5000\nPASS_MIN_DAYS\t1\n# UMASK 077\nPASS_MIN_DAYSX 3\n# Added by Phanes (security module, level strict).\nSHA_CRYPT_MIN_ROUNDS\t5000\n',
    );
  });

  it('is stable: editing its own result changes nothing (so a second plan is converged)', () => {
    const once = editLoginDefs('UMASK 022\n', keys);
    expect(editLoginDefs(once, keys)).toBe(once);
  });

  it('writes the keys alone when the file is missing or empty', () => {
    expect(editLoginDefs('', keys)).toBe('# Added by Phanes (security module, level strict).\nUMASK\t027\nPASS_MIN_DAYS\t1\nSHA_CRYPT_MIN_ROUNDS\t5000\n');
  });
});

describe('security level strict: kernel settings fact', () => {
  it('reads values, writability and keys the kernel lacks', () => {
    const keys = parseSysctlKeys('fs.suid_dumpable ro 0\nnet.ipv4.tcp_syncookies rw 1\nkernel.yama.ptrace_scope absent\nnet.ipv4.ip_local_port_range rw 32768\t60999\n');
    expect(keys.get('fs.suid_dumpable')).toEqual({ value: '0', writable: false });
    expect(keys.get('net.ipv4.tcp_syncookies')).toEqual({ value: '1', writable: true });
    expect(keys.get('kernel.yama.ptrace_scope')).toEqual({ value: null, writable: false });
    expect(keys.get('net.ipv4.ip_local_port_range')).toEqual({ value: '32768\t60999', writable: true });
  });
});
