import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathKindsFact } from '../../../modules/files/path-kinds-fact.js';
import { timezoneFact } from '../../../modules/baseline/timezone-fact.js';
import { aptCacheAgeFact } from '../../../src/facts/apt-cache-age.js';
import type { Fact, RawFact } from '../../../src/facts/fact.js';
import { fileFact, MAX_FACT_FILE_BYTES } from '../../../src/facts/file.js';
import { packagesFact } from '../../../src/facts/packages.js';
import { renderProbe, splitProbeOutput } from '../../../src/facts/probe.js';
import { newMarkers } from '../../../src/shell/markers.js';

/** Runs shell text in dash, as the probe runs on a host; stdout as bytes. */
function dashBytes(script: string): { stdout: Buffer; status: number | null } {
  return spawnSync('/bin/sh', ['-c', script], { maxBuffer: 64 * 1024 * 1024 });
}

/** As dashBytes, stdout as text. */
function dash(script: string): RawFact {
  const run = dashBytes(script);
  return { output: run.stdout.toString('utf8'), exitCode: run.status ?? 255 };
}

/** Each fact's answer from one probe, as the engine gets it. */
function probe(facts: readonly Fact<unknown>[], rewrite = (text: string) => text): (RawFact | Error | undefined)[] {
  const markers = newMarkers();
  const answers = splitProbeOutput(dashBytes(rewrite(renderProbe(facts, markers).text)).stdout, facts, markers);
  return facts.map((_, id) => answers.get(id));
}

/** The answer each fact's own command gives when run alone. */
const alone = (fact: Fact<unknown>, rewrite = (text: string) => text) => dash(`(${rewrite(fact.command.text)}) </dev/null 2>/dev/null`);

describe('file facts answered by one batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-file-batch-'));
  const path = (name: string) => join(dir, name);
  writeFileSync(path('plain.conf'), 'listen = 8080\n');
  writeFileSync(path('empty'), '');
  writeFileSync(path('no newline at end'), 'a\nb');
  writeFileSync(path('utf8.txt'), 'Grüße, 世界\n');
  writeFileSync(path('bytes.bin'), Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13, 0]));
  writeFileSync(path('large'), Buffer.alloc(MAX_FACT_FILE_BYTES + 1, 'x'));
  mkdirSync(path('a directory'));
  symlinkSync(path('plain.conf'), path('link-to-file'));
  symlinkSync(path('a directory'), path('link-to-directory'));
  symlinkSync(path('missing'), path('dangling-link'));
  symlinkSync(path('large'), path('link-to-large'));

  const names = ['plain.conf', 'empty', 'no newline at end', 'utf8.txt', 'bytes.bin', 'a directory', 'missing', 'link-to-directory', 'dangling-link', "it's-missing"];

  it('gives every fact exactly what its own command prints, with two programs for all files', () => {
    const facts = names.map((name) => fileFact(path(name)));
    const answers = probe(facts);
    facts.forEach((fact, i) => expect(answers[i], names[i]).toEqual(alone(fact)));
    expect(facts.map((fact, i) => fact.parse((answers[i] as RawFact).output, 0)?.content ?? null)).toEqual([
      'listen = 8080\n', '', 'a\nb', 'Grüße, 世界\n', Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13, 0]).toString('utf8'), null, null, null, null, null,
    ]);
    const script = renderProbe(facts, newMarkers()).text;
    expect(script.match(/\bstat -c/g)).toHaveLength(1);
    expect(script.match(/\bcat -- "\$@"/g)).toHaveLength(1);
    // The contents come raw; base64 only for each file whose size is 0 (the empty file here).
    expect(script.match(/\bbase64\b/g)).toHaveLength(1);
  });

  it('reads files that say they are empty but are not (/proc) on their own, as alone', () => {
    const facts = ['/proc/version', path('plain.conf'), '/proc/sys/kernel/ostype'].map((name) => fileFact(name));
    const answers = probe(facts);
    facts.forEach((fact, i) => expect(answers[i]).toEqual(alone(fact)));
    expect(facts[2]!.parse((answers[2] as RawFact).output, 0)?.content).toBe('Linux\n');
  });

  it('gives a file through a symlink its link\'s stat line and its target\'s content, as alone', () => {
    const facts = ['plain.conf', 'link-to-file', 'utf8.txt'].map((name) => fileFact(path(name)));
    const answers = probe(facts);
    facts.forEach((fact, i) => expect(answers[i]).toEqual(alone(fact)));
    expect((answers[1] as RawFact).output).toMatch(/^777 /);
  });

  it('refuses a file over the size limit without reading it, naming it, and still answers the others', () => {
    const facts = ['plain.conf', 'large', 'empty'].map((name) => fileFact(path(name)));
    const answers = probe(facts);
    expect(answers[0]).toEqual(alone(facts[0]!));
    expect(answers[2]).toEqual(alone(facts[2]!));
    expect((answers[1] as RawFact).output).toBe(`${alone(facts[1]!).output.split('\n')[0]}\n`);
    expect(() => facts[1]!.parse((answers[1] as RawFact).output, 0)).toThrow(`${path('large')} is larger than ${MAX_FACT_FILE_BYTES} bytes`);
  });

  it('refuses a symlink to a file over the size limit, and answers the other files', () => {
    const facts = [fileFact(path('plain.conf')), fileFact(path('link-to-large'))];
    const [plain, link] = probe(facts);
    expect(plain).toEqual(alone(facts[0]!));
    expect((link as Error).message).toBe(`${path('link-to-large')} is larger than ${MAX_FACT_FILE_BYTES} bytes`);
  });

  it('says a file changed when the contents do not add up to the sizes stat gave', () => {
    const facts = [fileFact(path('plain.conf'))];
    // A file that grows between stat and cat: the content read is longer than stat said.
    const answers = probe(facts, (text) => text.replace("cat -- \"$@\"", `{ cat -- "$@"; echo more; }`));
    expect((answers[0] as Error).message).toBe(`a file changed while the probe read it, or could not be read (${path('plain.conf')}); run again`);
  });

  it('says a file changed when it is gone by the time cat reads it, and still answers the missing paths', () => {
    const gone = path('gone soon');
    writeFileSync(gone, 'here a moment\n');
    const facts = [fileFact(gone), fileFact(path('plain.conf')), fileFact(path('missing'))];
    const answers = probe(facts, (text) => text.replace('cat -- "$@"', `rm -f -- '${gone}'; cat -- "$@"`));
    const changed = `a file changed while the probe read it, or could not be read (${gone}, ${path('plain.conf')}); run again`;
    expect(answers.map((answer) => (answer instanceof Error ? answer.message : answer))).toEqual([changed, changed, { output: '', exitCode: 0 }]);
  });

  it('says a file changed when stat fails on a file that was there a moment before', () => {
    const answers = probe([fileFact(path('plain.conf'))], (text) => text.replace("QUOTING_STYLE=c stat -c '%a %U %G %s %Y %N'", 'false'));
    expect((answers[0] as Error).message).toBe(`the files could not be read (${path('plain.conf')}); run again`);
  });

  it('lets the facts after it answer when none of its files is there (it shares the probe\'s shell)', () => {
    const facts = [fileFact(path('missing')), fileFact(path('nor this')), packagesFact(['dpkg'])];
    const answers = probe(facts);
    expect(answers.slice(0, 2)).toEqual([{ output: '', exitCode: 0 }, { output: '', exitCode: 0 }]);
    expect((answers[2] as RawFact).output).toMatch(/^dpkg\tinstalled\t/);
  });

  it('asks each path once when several modules want the same file', () => {
    const facts = [fileFact(path('plain.conf')), fileFact(path('plain.conf'))];
    const script = renderProbe(facts, newMarkers()).text;
    expect(script.split(path('plain.conf'))).toHaveLength(2);
    const answers = probe(facts);
    expect(answers[0]).toEqual(alone(facts[0]!));
    expect(answers[1]).toEqual(alone(facts[0]!));
  });
});

describe('directory kinds and the apt cache age answered by the same batch as the files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-path-batch-'));
  const path = (name: string) => join(dir, name);
  mkdirSync(path('conf.d'));
  chmodSync(path('conf.d'), 0o2750);
  symlinkSync(path('conf.d'), path('link-to-dir'));
  writeFileSync(path('app.conf'), 'listen = 8080\n');
  symlinkSync(path('app.conf'), path('link-to-file'));
  symlinkSync(path('nowhere'), path('dangling'));
  const lists = path('lists');
  mkdirSync(lists);
  writeFileSync(join(lists, 'a_InRelease'), '');
  writeFileSync(join(lists, 'b_Release'), '');
  writeFileSync(join(lists, 'c_Packages'), '');
  utimesSync(join(lists, 'a_InRelease'), 1_700_000_000, 1_700_000_000);
  utimesSync(join(lists, 'b_Release'), 1_700_000_500, 1_700_000_500);
  const atLists = (text: string) => text.replaceAll('/var/lib/apt/lists', lists);
  const kinds = ['conf.d', 'link-to-dir', 'app.conf', 'link-to-file', 'dangling', 'missing', "it's missing"].map(path);

  it('gives each fact what its own command prints, with one stat for the files, the directories and the lists', () => {
    const facts = [pathKindsFact(kinds), fileFact(path('app.conf')), aptCacheAgeFact, fileFact(path('link-to-file'))];
    const answers = probe(facts, atLists);
    expect(answers[0]).toEqual(alone(facts[0]!));
    expect((answers[0] as RawFact).output).toBe('directory 2750 root root\ndirectory 2750 root root\nother\nlink\nlink\nmissing\nmissing\n');
    expect(answers[1]).toEqual(alone(facts[1]!));
    expect(answers[3]).toEqual(alone(facts[3]!));
    // The first line is the host's clock, read a moment apart by the two runs.
    const [now, ...mtimes] = (answers[2] as RawFact).output.split('\n');
    expect(Math.abs(Number(now) - Date.now() / 1000)).toBeLessThan(5);
    expect({ mtimes, exitCode: (answers[2] as RawFact).exitCode }).toEqual({ mtimes: ['1700000000', '1700000500', ''], exitCode: 0 });
    expect(alone(aptCacheAgeFact, atLists).output.split('\n').slice(1)).toEqual(mtimes);
    const script = renderProbe(facts, newMarkers()).text;
    expect(script.match(/\bstat -c/g)).toHaveLength(1);
    expect(script.match(/\bstat -L -c/g)).toHaveLength(1); // run only when a path is a symlink
  });

  it('answers the apt cache age as its own command does when there are no lists', () => {
    const empty = mkdtempSync(join(tmpdir(), 'phanes-no-lists-'));
    const [answer] = probe([aptCacheAgeFact], (text) => text.replaceAll('/var/lib/apt/lists', empty));
    expect(answer).toMatchObject({ exitCode: 1, output: expect.stringMatching(/^\d+\n$/) });
    expect(aptCacheAgeFact.parse((answer as RawFact).output, 1)).toBeNull();
  });

  it('takes a directory\'s mode through its symlink, as stat -L does', () => {
    const [answer] = probe([pathKindsFact([path('link-to-dir')])]);
    expect(answer).toEqual({ output: 'directory 2750 root root\n', exitCode: 0 });
  });
});

describe('the time zone answered by the path batch, as readlink and the shell print it', () => {
  const at = (dir: string) => (text: string) => text.replaceAll('/etc/localtime', join(dir, 'localtime')).replaceAll('/etc/timezone', join(dir, 'timezone'));
  const cases: [string, (dir: string) => void][] = [
    ['an absolute link and a zone file', (dir) => (symlinkSync('/usr/share/zoneinfo/Europe/Berlin', join(dir, 'localtime')), writeFileSync(join(dir, 'timezone'), 'Europe/Berlin\n'))],
    ['a relative link, a zone file without a newline', (dir) => (symlinkSync('../usr/share/zoneinfo/UTC', join(dir, 'localtime')), writeFileSync(join(dir, 'timezone'), 'UTC'))],
    ['a dangling link, no zone file', (dir) => symlinkSync('/usr/share/zoneinfo/No/Such', join(dir, 'localtime'))],
    ['a copied file, not a link', (dir) => (writeFileSync(join(dir, 'localtime'), 'TZif'), writeFileSync(join(dir, 'timezone'), ''))],
    ['nothing at all', () => undefined],
    ['a target with a newline, quotes and UTF-8', (dir) => symlinkSync('/zone "Zürich"\n\\x', join(dir, 'localtime'))],
  ];
  for (const [name, setUp] of cases) {
    it(name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'phanes-tz-'));
      setUp(dir);
      const [answer] = probe([timezoneFact], at(dir));
      expect(answer).toEqual(alone(timezoneFact, at(dir)));
    });
  }

  it('reads the link in the same stat as the files: no readlink', () => {
    expect(renderProbe([timezoneFact, fileFact('/etc/hostname')], newMarkers()).text).not.toContain('readlink');
  });
});

describe('package facts answered by one batch', () => {
  const dpkgQuery = (names: readonly string[], adminDir = '/var/lib/dpkg') =>
    dash(`dpkg-query --admindir=${adminDir} -W -f '\${Package}\\t\${db:Status-Status}\\t\${Version}\\n' ${names.join(' ')} 2>/dev/null || true`);
  const sorted = (output: string) => output.split('\n').filter(Boolean).sort();
  const someInstalled = dpkgQuery(['dpkg', 'coreutils', 'bash']).output;

  it('reads the status file with awk and agrees with dpkg-query', () => {
    const names = ['dpkg', 'coreutils', 'bash', 'libc6', 'tzdata', 'no-such-package-phanes', 'g++'];
    const answer = alone(packagesFact(names));
    expect(answer.exitCode).toBe(0);
    expect(sorted(answer.output)).toEqual(sorted(dpkgQuery(names).output));
    expect(someInstalled).toMatch(/^dpkg\tinstalled\t\S+$/m);
  });

  it('answers every module from one query, each with only its own packages', () => {
    const facts = [packagesFact(['dpkg', 'bash']), packagesFact(['coreutils', 'dpkg'])];
    const script = renderProbe(facts, newMarkers()).text;
    expect(script.match(/\bawk\b/g)).toHaveLength(1);
    const [first, second] = probe(facts) as RawFact[];
    expect(sorted(first!.output)).toEqual(sorted(dpkgQuery(['dpkg', 'bash']).output));
    expect(sorted(second!.output)).toEqual(sorted(dpkgQuery(['coreutils', 'dpkg']).output));
  });

  it('fails, rather than report every package missing, when the status file cannot be read', () => {
    const [answer] = probe([packagesFact(['dpkg'])], (text) => text.replace('/var/lib/dpkg/status; fi', '/nonexistent/status; fi'));
    expect((answer as Error).message).toBe("dpkg's status file could not be read (exit 2)");
  });

  it('asks dpkg-query when dpkg left a journal of changes not yet in the status file', () => {
    const admin = mkdtempSync(join(tmpdir(), 'phanes-dpkg-'));
    copyFileSync('/var/lib/dpkg/status', join(admin, 'status'));
    mkdirSync(join(admin, 'updates'));
    writeFileSync(join(admin, 'updates', '0001'), 'Package: phanes-journal-test\nStatus: install ok installed\nVersion: 1.0\nArchitecture: all\nMaintainer: x\nDescription: x\n');
    const atAdmin = (text: string) => text.replaceAll('/var/lib/dpkg', admin).replace('dpkg-query ', `dpkg-query --admindir=${admin} `);
    const names = ['phanes-journal-test', 'dpkg'];
    const answer = alone(packagesFact(names), atAdmin);
    expect(sorted(answer.output)).toEqual(sorted(dpkgQuery(names, admin).output));
    expect(answer.output).toContain('phanes-journal-test\tinstalled\t1.0\n');
  });
});
