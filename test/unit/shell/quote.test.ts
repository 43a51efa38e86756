import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quote } from '../../../src/shell/quote.js';

/**
 * quote() is proved by the shells that read its output: real dash (the remote /bin/sh on Debian) and real
 * bash. Nothing is installed; a missing shell fails the test with what to do, it is never skipped.
 */
const SHELLS = ['dash', 'bash'] as const;
type Shell = (typeof SHELLS)[number];

/** Runs `script` with `shell -c` (or `shell -s` reading stdin, as the engine sends scripts) and returns stdout's bytes. */
function runShell(shell: Shell, script: string, via: '-c' | '-s' = '-c'): { stdout: Buffer; stderr: string; status: number | null } {
  const args = via === '-c' ? ['-c', script] : ['-s'];
  const run = spawnSync(shell, args, { input: via === '-s' ? script : '', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent-home' }, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `${shell} is not installed on this machine: quoting is proved by running real shells (on Debian: apt-get install ${shell})`
        : `could not run ${shell}: ${run.error.message}`,
    );
  }
  return { stdout: run.stdout, stderr: run.stderr.toString('utf8'), status: run.status };
}

/** The arguments a script's `printf '%s\0' "$#" "$@"` printed: the count first, then each argument. */
function argsOf(stdout: Buffer): { count: number; args: string[] } {
  const fields = stdout.toString('utf8').split('\0');
  expect(fields.pop()).toBe(''); // the output ends with the last field's NUL
  const [count = 'missing', ...args] = fields;
  return { count: Number(count), args };
}

/** Every code point from 1 to 255 (no NUL, which no shell word can hold), as UTF-8 on the command line. */
const BINARY_ISH = Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)).join('');

/** About 60 KB of everything below, well inside Linux's 128 KiB limit for one argv string (`sh -c SCRIPT`). */
const LONG = `${"it's \"$HOME\" `id` $(id) \\ *\t~\n;|&<>".repeat(1500)}end`;

const HOSTILE: readonly (readonly [string, string])[] = [
  ['empty string', ''],
  ['one space', ' '],
  ['spaces inside and around', '  two  words  '],
  ['single quote', "'"],
  ['single quotes in a word', "it's o'brien's"],
  ["the escape sequence '\\'' itself", "'\\''"],
  ['double quotes', '"quoted" and "', ],
  ['command substitution', '$(touch /tmp/phanes-pwned; echo pwned)'],
  ['backticks', '`id` and `echo pwned`'],
  ['$HOME and ${HOME}', '$HOME ${HOME} ${HOME:-x} $1 $@ $* $# $? $$ $!'],
  ['arithmetic and ANSI-C quoting', "$((1+1)) $'\\n' $\"x\""],
  ['backslashes', '\\ \\\\ \\n \\t \\0 \\x41 \\'],
  ['newlines', 'line one\nline two\n\n'],
  ['only a newline', '\n'],
  ['carriage return and CRLF', 'a\r\nb\r'],
  ['tabs', '\tcol1\tcol2\t'],
  ['glob characters', '* ? [abc] /etc/*'],
  ['tilde at the start', '~'],
  ['tilde forms', '~root ~/x a:~/b --opt=~/c'],
  ['leading dash', '-rf'],
  ['leading double dash', '--help'],
  ['equals at the start', '=value'],
  ['an assignment', 'PATH=/nonexistent'],
  ['operators', '; | & && || < > >> 2>&1 <<EOF'],
  ['grouping and braces', '( ) { } {a,b} {1..3} !'],
  ['comment sign', '#not a comment'],
  ['percent, caret, at, plus, comma', '%s ^x @y +z ,w'],
  ['unicode', 'héllo wörld — ñandú ß ﬁ'],
  ['emoji with joiners', '🚀 👨‍👩‍👧 🏳️‍🌈'],
  ['right-to-left text and overrides', 'שלום עולם مرحبا \u202Eevil\u202C \u200F'],
  ['byte-order mark and zero-width characters', '\uFEFFa\u200Bb\u200Dc'],
  ['C0 and C1 controls, DEL, bash internal bytes 0x01 and 0x7f', '\x01\x02\x1b[31m\x7f\x80\x9f'],
  ['every code point 1-255', BINARY_ISH],
  ['a very long string', LONG],
];

describe('quote', () => {
  it('leaves plain words as they are and single-quotes everything else', () => {
    for (const plain of ['abc', '/usr/share/zoneinfo/Europe/Berlin', 'a-b_c.d:e@f%g+h,i', 'C.UTF-8', '0440', '-rf']) {
      expect(quote(plain)).toBe(plain);
    }
    expect(quote('')).toBe("''");
    expect(quote('a b')).toBe("'a b'");
    expect(quote("it's")).toBe("'it'\\''s'");
    expect(quote('~')).toBe("'~'");
    expect(quote('x=y')).toBe("'x=y'");
    expect(quote('#x')).toBe("'#x'");
  });

  for (const shell of SHELLS) {
    describe(`read back by real ${shell}`, () => {
      it.each(HOSTILE)('%s: one word, exactly the same bytes', (_name, value) => {
        const run = runShell(shell, `set -- ${quote(value)}\nprintf '%s\\0' "$#" "$@"`);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const { count, args } = argsOf(run.stdout);
        expect(count).toBe(1);
        expect(Buffer.from(args[0] ?? '', 'utf8').equals(Buffer.from(value, 'utf8'))).toBe(true);
      });

      it.each(HOSTILE)('%s: printf %%s prints exactly the value', (_name, value) => {
        const run = runShell(shell, `printf '%s' ${quote(value)}`);
        expect(run.status).toBe(0);
        expect(run.stdout.equals(Buffer.from(value, 'utf8'))).toBe(true);
      });

      it('reads every value back from one script on stdin (how the engine sends scripts), with a 1 MiB value', () => {
        const values = [...HOSTILE.map(([, value]) => value), 'x'.repeat(512 * 1024) + "'".repeat(512 * 1024)];
        const script = values.map((value) => `printf '%s\\0' ${quote(value)}`).join('\n');
        const run = runShell(shell, script, '-s');
        expect(run.status).toBe(0);
        expect(run.stdout.equals(Buffer.from(values.map((value) => `${value}\0`).join(''), 'utf8'))).toBe(true);
      }, 30_000); // bash parses half a million quote toggles slowly on a busy machine

      it('runs a quoted `NAME=value` as a command name, never as an assignment', () => {
        const run = runShell(shell, `${quote('PHANES_X=set')}; printf '%s' "\${PHANES_X-unset}"`);
        expect(run.stderr).toMatch(/PHANES_X=set.*not found/);
        expect(run.stdout.toString('utf8')).toBe('unset');
      });

      it('does not run command substitutions or backticks inside quoted values', () => {
        const run = runShell(shell, `printf '%s' ${quote('$(echo ran)')} ${quote('`echo ran`')}`);
        expect(run.stdout.toString('utf8')).toBe('$(echo ran)`echo ran`');
      });
    });
  }
});
