import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aptCacheAgeFact, parseAptCacheAge } from '../../../src/facts/apt-cache-age.js';
import { osReleaseFact, parseOsRelease } from '../../../src/facts/os-release.js';

const runInDash = (script: string) => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });

describe('os-release fact', () => {
  it('reads the file with the shell alone, byte for byte as cat would', () => {
    expect(runInDash(osReleaseFact.command.text)).toBe(readFileSync('/etc/os-release', 'utf8'));
  });

  it('keeps a last line that has no newline', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'phanes-os-release-')), 'os-release');
    writeFileSync(file, 'ID=debian\nVERSION_ID="12"');
    expect(runInDash(osReleaseFact.command.text.replace('/etc/os-release', file))).toBe('ID=debian\nVERSION_ID="12"\n');
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

  it('is null on a host that never fetched lists', () => {
    const empty = mkdtempSync(join(tmpdir(), 'phanes-apt-lists-'));
    const run = spawnSync('/bin/sh', ['-c', aptCacheAgeFact.command.text.replace('/var/lib/apt/lists', empty)], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^\d+\n$/);
    expect(aptCacheAgeFact.parse(run.stdout, run.status ?? 1)).toBeNull();
  });
});
