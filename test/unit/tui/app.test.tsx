import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { builtInCatalog } from '../../../modules/catalog.js';
import { colorsFor } from '../../../src/report/colors.js';
import { App, type Runner } from '../../../src/tui/app.js';
import { openSession } from '../../../src/tui/inventory-session.js';

const EXAMPLE = readFileSync(new URL('../../../inventory.example.yaml', import.meta.url), 'utf8');
const noRuns: Runner = { run: () => Promise.reject(new Error('no runs in this test')) };
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

/** The App in Ink's test renderer (no terminal): keys in, frames out. The e2e test drives the real one in tmux. */
async function open() {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-tui-unit-'));
  const file = join(dir, 'hosts.yaml');
  writeFileSync(file, EXAMPLE);
  const app = render(<App session={openSession(file)} runner={noRuns} colors={colorsFor({ isTTY: false })} onExit={() => {}} />);
  await tick();
  const keys = async (...sequence: string[]) => {
    for (const key of sequence) {
      app.stdin.write(key);
      await tick();
    }
  };
  return { app, file, keys };
}

describe('the TUI in Ink\'s test renderer', () => {
  // The example's sudo_password is ${env:SUDO_PW}: the loader needs it set to call the inventory valid.
  beforeEach(() => void vi.stubEnv('SUDO_PW', 'pw'));

  it('adds, renames and removes a host; groups follow a rename', async () => {
    const { app, file, keys } = await open();
    await keys('a', 'web3', '\r', '203.0.113.12', '\r');
    expect(app.lastFrame()).toContain('host web3 added');
    expect(app.lastFrame()).toContain('web3');
    // The hosts: (defaults), @web, @europe, bastion, web1, web2, db1, laptop, web3: web2 is the 6th row.
    await keys('j', 'j', 'j', 'j', 'j', 'r', '\u007f', '\u007f', '\u007f', '\u007f', 'edge2', '\r');
    expect(app.lastFrame()).toContain('renamed to edge2');
    await keys('s');
    expect(app.lastFrame()).toContain('+    hosts: [web1, edge2]');
    await keys('y');
    const saved = readFileSync(file, 'utf8');
    expect(saved).toContain('    hosts: [web1, edge2]');
    expect(saved).toContain('  edge2:');
    expect(saved).toContain('  web3:\n    address: 203.0.113.12\n');
    expect(saved).toContain('# The machines. The name is also the address unless address is set.');
    await keys('d', 'yes', '\r');
    expect(app.lastFrame()).toContain('host edge2 removed');
    app.unmount();
  }, 60_000);

  it('ticks coolify with docker, and asks before quitting with unsaved changes', async () => {
    const { app, keys } = await open();
    await keys('\t', ...Array<string>([...builtInCatalog.modules.keys()].indexOf('coolify')).fill('j'), ' ');
    expect(app.lastFrame()).toMatch(/\[x\] docker/);
    expect(app.lastFrame()).toMatch(/\[x\] coolify/);
    await keys('q');
    expect(app.lastFrame()).toContain('unsaved changes: q again quits');
    app.unmount();
  }, 60_000);
});
