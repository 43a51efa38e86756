import { afterEach, describe, expect, it, vi } from 'vitest';
import { listCommand } from '../../../src/cli/list-command.js';

afterEach(() => vi.restoreAllMocks());

/** What `phanes list --json` prints, parsed. */
function listJson(): { modules: { name: string; description: string; requires: string[] }[]; profiles: { name: string; modules: string[] }[] } {
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  expect(listCommand({ json: true })).toBe(0);
  return JSON.parse(printed);
}

describe('phanes list --json', () => {
  it('lists the deployment modules of issue 18 with their descriptions and requirements', () => {
    const { modules } = listJson();
    expect(modules.find((m) => m.name === 'apps')).toEqual({
      name: 'apps',
      description: 'Docker Compose applications with .env secrets; redeploys only the apps whose files or env changed',
      requires: ['docker'],
    });
    expect(modules.find((m) => m.name === 'github-runner')).toEqual({
      name: 'github-runner',
      description: 'A self-hosted GitHub Actions runner for a repository or organization, with labels, as a service',
      requires: [],
    });
  });

  it('every profile names only modules the list has', () => {
    const { modules, profiles } = listJson();
    const names = new Set(modules.map((m) => m.name));
    expect(profiles.length).toBeGreaterThan(0);
    for (const profile of profiles) for (const module of profile.modules) expect(names).toContain(module);
  });
});
