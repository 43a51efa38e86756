import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aptCacheAgeFact, parseAptCacheAge } from '../../../src/facts/apt-cache-age.js';
import { osReleaseFact, parseOsRelease } from '../../../src/facts/os-release.js';
import { timezoneFact } from '../../../modules/baseline/timezone-fact.js';
import { availableLocalesFact } from '../../../modules/baseline/locale-fact.js';

const runInDash = (script: string) => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });

describe('os-release fact', () => {
  it('reads the file with the shell alone, byte for byte as cat would', () => {
    expect(runInDash(osReleaseFact.command.text)).toBe(readFileSync('/etc/os-release', 'utf8'));
  });

  it('keeps a last line that has no newline', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'phanes-os-release-')), 'os-release');
    writeFileSync(file, 'ID=debian\nVERSION_ID="12"');
    expect(runInDash(osReleaseFact.command.text.replaceAll('/etc/os-release', file))).toBe('ID=debian\nVERSION_ID="12"\n');
    expect(parseOsRelease('ID=debian\nVERSION_ID="12"\n')).toMatchObject({ id: 'debian', versionId: '12' });
  });
});

describe('apt cache age fact', () => {
  it('is the time since the newest Release file', () => {
    expect(parseAptCacheAge('1000\n400\n900\n700\n')).toBe(100);
    expect(parseAptCacheAge('1000\n')).toBeNull();
    expect(parseAptCacheAge('')).toBeNull();
    expect(parseAptCacheAge('1000\n1010\n')).toBe(0);
  });

  it('agrees with the host: this machine lists Release files or has none', () => {
    const releases = execFileSync('/bin/sh', ['-c', 'ls /var/lib/apt/lists/*Release 2>/dev/null || true'], { encoding: 'utf8' }).trim();
    // Without lists stat fails on the unmatched glob: the probe runs each fact in a subshell and keeps the code.
    const run = spawnSync('/bin/sh', ['-c', aptCacheAgeFact.command.text], { encoding: 'utf8' });
    const age = aptCacheAgeFact.parse(run.stdout, run.status ?? 1);
    if (releases === '') expect(age).toBeNull();
    else expect(age).toBeGreaterThanOrEqual(0);
  });

  it("reads the host's clock without date: the first line is now", () => {
    const before = Math.floor(Date.now() / 1000);
    // spawnSync: stat exits 1 when the machine has no lists, after printing the time.
    const now = Number(spawnSync('/bin/sh', ['-c', aptCacheAgeFact.command.text], { encoding: 'utf8' }).stdout.split('\n')[0]);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(aptCacheAgeFact.command.text).not.toContain('date');
  });

  it('is null on a host that never fetched lists', () => {
    const empty = mkdtempSync(join(tmpdir(), 'phanes-apt-lists-'));
    const run = spawnSync('/bin/sh', ['-c', aptCacheAgeFact.command.text.replace('/var/lib/apt/lists', empty)], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^\d+\n$/);
    expect(aptCacheAgeFact.parse(run.stdout, run.status ?? 1)).toBeNull();
  });
});

describe('time zone fact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-timezone-'));
  symlinkSync('/usr/share/zoneinfo/Europe/Berlin', join(dir, 'localtime'));
  const at = (text: string) => text.replace('/etc/localtime', join(dir, 'localtime')).replaceAll('/etc/timezone', join(dir, 'timezone'));

  it('reads the link and /etc/timezone (by the shell itself)', () => {
    writeFileSync(join(dir, 'timezone'), 'Europe/Berlin\n');
    expect(runInDash(at(timezoneFact.command.text))).toBe('/usr/share/zoneinfo/Europe/Berlin\nEurope/Berlin\n');
    expect(timezoneFact.parse(runInDash(at(timezoneFact.command.text)), 0)).toEqual({ localtime: 'Europe/Berlin', timezoneFile: 'Europe/Berlin' });
  });

  it('gives an empty zone file when /etc/timezone is missing', () => {
    rmSync(join(dir, 'timezone'), { force: true });
    const run = spawnSync('/bin/sh', ['-c', at(timezoneFact.command.text)], { encoding: 'utf8' });
    expect(run.stdout).toBe('/usr/share/zoneinfo/Europe/Berlin\n');
    expect(timezoneFact.parse(run.stdout, run.status ?? 1)).toEqual({ localtime: 'Europe/Berlin', timezoneFile: '' });
  });
});

describe('available locales fact', () => {
  it('asks nothing for a locale glibc has built in', () => {
    const fact = availableLocalesFact('C.utf8');
    expect(fact.command.text).not.toContain('locale');
    expect(fact.parse(runInDash(fact.command.text), 0)).toEqual(new Set(['C', 'POSIX', 'C.UTF-8']));
  });

  it('lists the host\'s locales for any other, as users spell them', () => {
    const fact = availableLocalesFact('en_US.UTF-8');
    const locales = fact.parse(runInDash(fact.command.text), 0);
    expect(locales).toContain('C.UTF-8');
    expect(locales).toContain('POSIX');
  });
});
