import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join as joinText, raw, sh, type ShellText } from '../../../src/shell/command.js';
import { renderFileWrite } from '../../../src/shell/file-write.js';
import { newMarkers } from '../../../src/shell/markers.js';
import { Secret } from '../../../src/shell/secret.js';
import { renderStepScript } from '../../../src/shell/step-script.js';
import type { FileStep } from '../../../src/engine/step.js';

/** `sh` is proved by the argv real dash and bash build from its text; a missing shell fails, never skips. */
const SHELLS = ['dash', 'bash'] as const;
type Shell = (typeof SHELLS)[number];

function runShell(shell: Shell, script: string): { stdout: Buffer; stderr: string; status: number | null } {
  const run = spawnSync(shell, ['-s'], { input: script, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `${shell} is not installed on this machine: sh\`\` is proved by running real shells (on Debian: apt-get install ${shell})`
        : `could not run ${shell}: ${run.error.message}`,
    );
  }
  return { stdout: run.stdout, stderr: run.stderr.toString('utf8'), status: run.status };
}

/** The argv that `set -- WORDS` built in a real shell: `printf '%s\0' "$#" "$@"` read back. */
function argvOf(shell: Shell, words: ShellText): string[] {
  const run = runShell(shell, sh`set -- ${words}; printf '%s\\0' "$#" "$@"`.text);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const fields = run.stdout.toString('utf8').split('\0');
  expect(fields.pop()).toBe('');
  const [count, ...args] = fields;
  expect(Number(count)).toBe(args.length);
  return args;
}

const HOSTILE = [
  '',
  ' ',
  "o'brien",
  "'\\''",
  '"double"',
  '$(touch /tmp/phanes-pwned)',
  '`id`',
  '$HOME',
  'back\\slash',
  'two\nlines\n',
  '\ttab',
  '*',
  '~',
  '-rf',
  '=x',
  'A=b',
  '; | & < > && ||',
  'two words',
  'ünï 🚀 שלום \u202E',
  '\x01\x7f\x80\xff',
] as const;

describe('sh', () => {
  for (const shell of SHELLS) {
    describe(`argv built by real ${shell}`, () => {
      it.each(HOSTILE.map((value) => [JSON.stringify(value), value] as const))('a word %s stays one argument', (_name, value) => {
        expect(argvOf(shell, sh`${value}`)).toStrictEqual([value]);
      });

      it('an array spreads one argument per element, in order, whatever the elements hold', () => {
        expect(argvOf(shell, sh`${[...HOSTILE]}`)).toStrictEqual([...HOSTILE]);
      });

      it('an empty array adds no argument; an array of one empty string adds one empty argument', () => {
        expect(argvOf(shell, sh`${[]}`)).toStrictEqual([]);
        expect(argvOf(shell, sh`${['']}`)).toStrictEqual(['']);
      });

      it('words, arrays, numbers, secrets and nested text mix in one command line', () => {
        const inner = sh`${'in ner'} ${['x', "y'z"]}`;
        const words = sh`first ${'a b'} ${['c', '', 'd e']} ${42} ${-1.5} ${new Secret("s3cr'et $x", 'literal')} ${inner} last`;
        expect(argvOf(shell, words)).toStrictEqual(['first', 'a b', 'c', '', 'd e', '42', '-1.5', "s3cr'et $x", 'in ner', 'x', "y'z", 'last']);
      });

      it('inserts raw text verbatim: the shell expands it', () => {
        const run = runShell(shell, sh`HOME=/phanes/home; printf '%s\\0' ${raw('$HOME "$HOME"')}`.text);
        expect(run.stdout.toString('utf8')).toBe('/phanes/home\0/phanes/home\0');
      });
    });
  }

  it('follows JavaScript escapes in literal parts: \\\\n in a template reaches printf as \\n', () => {
    const text = sh`printf '%s\\n' ${'x'}; printf '%s\\0' ${'y'}`;
    expect(text.text).toBe("printf '%s\\n' x; printf '%s\\0' y");
    expect(runShell('dash', text.text).stdout.toString('utf8')).toBe('x\ny\0');
  });

  it('quotes every interpolated value, shows it the same way and holds no secrets', () => {
    const text = sh`useradd --shell ${'/bin/b a'} ${['-G', 'a,b']} ${7}`;
    expect(text).toStrictEqual({ text: "useradd --shell '/bin/b a' -G a,b 7", shown: "useradd --shell '/bin/b a' -G a,b 7", secrets: [] });
  });

  it('inserts raw() and nested ShellText as they are, unquoted', () => {
    expect(sh`a ${raw('$HOME && b')} c`.text).toBe('a $HOME && b c');
    expect(sh`x ${sh`${'y z'}`} ${raw('')}`.text).toBe("x 'y z' ");
    expect(raw("it's $x")).toStrictEqual({ text: "it's $x", shown: "it's $x", secrets: [] });
  });

  it('join keeps text, shown text and secrets of every part', () => {
    const secret = new Secret('pw', 'env:PW');
    const joined = joinText([sh`a ${secret}`, sh`b`, raw('c')], ' && ');
    expect(joined.text).toBe('a pw && b && c');
    expect(joined.shown).toBe('a *** && b && c');
    expect(joined.secrets).toStrictEqual([secret]);
  });
});

describe('secrets in shell text', () => {
  const value = "hunter2 'quoted' $(rm -rf /)";
  const secret = new Secret(value, 'env:DB_PASSWORD');

  it('puts the value (quoted) in .text and *** in .shown', () => {
    const text = sh`chpasswd --password ${secret} --user ${'bob'}`;
    expect(text.text).toBe(`chpasswd --password 'hunter2 '\\''quoted'\\'' $(rm -rf /)' --user bob`);
    expect(text.shown).toBe('chpasswd --password *** --user bob');
    expect(text.secrets).toStrictEqual([secret]);
    expect(runShell('dash', sh`printf '%s' ${secret}`.text).stdout.toString('utf8')).toBe(value);
  });

  it('masks a plain-word secret too (no quotes around it to hint at it)', () => {
    const plain = new Secret('hunter2', 'literal');
    expect(sh`x ${plain}`).toStrictEqual({ text: 'x hunter2', shown: 'x ***', secrets: [plain] });
  });

  it('gives *** for String(), template literals, concatenation, JSON, util.inspect and util.format', () => {
    const printed = [
      String(secret),
      `${secret}`,
      '' + secret,
      JSON.stringify(secret),
      JSON.stringify({ password: secret }),
      inspect(secret),
      inspect({ nested: { password: secret } }, { depth: 10 }),
      format('%s %o %O %j', secret, secret, secret, secret),
      new Error(`failed with ${secret}`).message,
    ];
    expect(printed).toStrictEqual([
      '***',
      '***',
      '***',
      '"***"',
      '{"password":"***"}',
      '***',
      '{ nested: { password: *** } }',
      '*** *** *** "***"',
      'failed with ***',
    ]);
    for (const text of printed) expect(text).not.toContain('hunter2');
    expect(secret.reveal()).toBe(value);
    expect(secret.source).toBe('env:DB_PASSWORD');
  });

  it('keeps secrets through nested ShellText, arrays and join, masking only them', () => {
    const other = new Secret('token-xyz', 'file:token');
    const inner = sh`--password ${secret}`;
    const outer = sh`cmd ${inner} ${['plain', other]} ${sh`${sh`--deep ${secret}`}`}`;
    expect(outer.shown).toBe('cmd --password *** plain *** --deep ***');
    expect(outer.secrets).toStrictEqual([secret, other, secret]);
    expect(outer.text).toContain('token-xyz');
    const script = renderStepScript([{ kind: 'command', title: 'uses secrets', command: outer }], newMarkers('test'));
    expect(script.shown).not.toContain('hunter2');
    expect(script.shown).not.toContain('token-xyz');
    expect(script.secrets).toStrictEqual([secret, other, secret]);
  });
});

describe('renderFileWrite', () => {
  let dir: string;
  const owner = userInfo().username;
  const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
  beforeAll(async () => {
    // A directory whose path needs quoting: the temp file is made beside the target.
    dir = await mkdtemp(join(tmpdir(), "phanes write 'q' $x-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const fileStep = (path: string, content: string | Secret, extra: Partial<FileStep> = {}): FileStep => ({
    kind: 'file',
    title: 'write a file',
    path,
    content,
    mode: '0640',
    owner,
    group,
    current: null,
    ...extra,
  });

  it('never shows a secret content, nor its base64, in .shown', () => {
    const content = 'db_password=hunter2\nsecond line with "quotes"\n';
    const secret = new Secret(content, 'env:CONFIG');
    const write = renderFileWrite(fileStep('/etc/app/secret.conf', secret));
    const base64 = Buffer.from(content).toString('base64');
    expect(write.shown).not.toContain('hunter2');
    expect(write.shown).not.toContain(base64);
    expect(write.shown).not.toContain(base64.slice(0, 16));
    expect(write.shown).toContain("printf '%s' *** | base64 -d > \"$phanes_tmp\"");
    expect(write.text).toContain(base64);
    expect(write.secrets.map((s) => s.reveal())).toStrictEqual([base64]);
    expect(String(write.secrets[0])).toBe('***');
  });

  it('writes content with every hostile character to a path that needs quoting, through real dash', async () => {
    const path = join(dir, "conf 'x' $(id).d");
    const content = `${HOSTILE.join('\n')}\nno newline at the end`;
    const write = renderFileWrite(fileStep(path, content, { validate: (tmp) => sh`test -s ${tmp}` }));
    const run = runShell('dash', `set -eu\n${write.text}`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(content);
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('640');
    expect((await readdir(dir)).filter((name) => name.startsWith('.phanes-'))).toStrictEqual([]); // no temp file left
  });

  it('writes a secret content through real dash, and a failed validate leaves the old file and no temp file', async () => {
    const path = join(dir, 'secret.conf');
    const write = renderFileWrite(fileStep(path, new Secret("pa$$ 'word'\n", 'literal')));
    expect(runShell('dash', `set -eu\n${write.text}`).status).toBe(0);
    expect(await readFile(path, 'utf8')).toBe("pa$$ 'word'\n");
    const refused = renderFileWrite(fileStep(path, 'new content\n', { validate: (tmp) => sh`grep -q ${'never there'} ${tmp}` }));
    expect(runShell('dash', `set -eu\n${refused.text}`).status).not.toBe(0);
    expect(await readFile(path, 'utf8')).toBe("pa$$ 'word'\n");
    expect((await readdir(dir)).filter((name) => name.startsWith('.phanes-'))).toStrictEqual([]);
  });
});
