import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHANES_BIN } from './support/run-phanes.js';
import { startTui, writeScreens, type TuiDriver } from './support/tui-driver.js';

/**
 * The keys of `phanes tui` that need no server, as a person uses them: the built CLI in tmux, keys sent one
 * by one, the screen read back. Host add, rename and remove (saved through the diff, comments and untouched
 * bytes kept, groups and jump: updated), the filter, help, q with unsaved changes, resizes, colors and
 * NO_COLOR, and the refusal without a terminal. No target is started: nothing here connects.
 */
const SIZE = { width: 80, height: 24 };

/** A fleet with groups (flow and block lists), jump references and comments everywhere. */
const FLEET = [
  '# Fleet for the host edits: every comment must survive.',
  'defaults:',
  '  user: root                 # log in as root',
  '  modules: [baseline]        # every host starts here',
  '',
  'groups:',
  '  web:                       # the web servers',
  '    hosts: [web1, web2]',
  '    modules: [baseline, files]',
  '  edge:',
  '    hosts:',
  '      - web2                 # block style list',
  '      - db1                  # the database',
  '      - bastion',
  '',
  '# The machines.',
  'hosts:',
  '  bastion:   {address: 192.0.2.1}   # the jump host',
  '  web1:',
  '    address: 192.0.2.10',
  '    jump: bastion            # through the bastion',
  '  web2:',
  "    address: '192.0.2.11'    # quoted, and stays so",
  '    jump: bastion',
  '  db1: {address: 192.0.2.20}   # removed in the test',
  '',
].join('\n');

/** Every SGR sequence that sets a foreground or background color (16, 256 or true color). */
const COLOR_SGR = /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|4[0-7]|10[0-7]|38|48)(?:;[0-9;]*)?m/;

const rows = (screen: string) => screen.split('\n');
const widest = (screen: string) => Math.max(...rows(screen).map((row) => [...row].length));

describe('phanes tui keys in a real terminal (tmux), no server needed', () => {
  let dir: string;
  const drivers: TuiDriver[] = [];
  const screens: Record<string, string> = {};
  const open = (name: string, args: string, env: Record<string, string> = { NO_COLOR: '1' }, size = SIZE) => {
    const driver = startTui(name, dir, args, env, size);
    drivers.push(driver);
    return driver;
  };

  beforeAll(() => {
    if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is missing: run test/targets/prepare.sh');
    dir = mkdtempSync(join(tmpdir(), 'phanes-tui-keys-'));
    writeFileSync(join(dir, 'fleet.yaml'), FLEET);
  });

  afterAll(() => {
    for (const driver of drivers) driver.pane.kill();
    if (dir) writeScreens(screens, [[dir, '/home/you/servers']]);
  });

  it('refuses when stdin or stdout is not a terminal: exit 3 and what to use instead', async () => {
    const tui = open('tuinotty', `tui -i fleet.yaml </dev/null; echo "STDIN=$?"; '${process.execPath}' '${PHANES_BIN}' tui -i fleet.yaml >out.txt; echo "STDOUT=$?"`);
    await tui.waitFor(/STDOUT=\d+/);
    // Rows the terminal wrapped joined back: the message is longer than 80 columns.
    const screen = tui.pane.capture({ joined: true }).join('\n');
    expect(screen).toContain('STDIN=3');
    expect(screen).toContain('STDOUT=3');
    expect(screen.match(/phanes tui needs a terminal .*; in scripts and CI use phanes plan and phanes apply --yes/g)).toHaveLength(2);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('');
  });

  it('adds, renames and removes hosts, filters, helps, saves through the diff, asks before quitting unsaved; follows resizes', async () => {
    const tui = open('tuikeys', 'tui -i fleet.yaml');
    const main = await tui.waitFor('Hosts & groups');
    expect(widest(main)).toBeLessThanOrEqual(80);
    // The keys are on screen, none cut at 80 columns.
    expect(main).toMatch(/a add {2}r rename {2}d remove {2}\/ filter/);
    expect(main).toMatch(/\? help {2}q quit/);

    // Help: every key, every line within the width; Esc comes back.
    await tui.press('?');
    const help = await tui.waitFor('Help (');
    expect(help).toContain('/            filter hosts and groups (Esc clears)');
    expect(widest(help)).toBeLessThanOrEqual(80);
    expect(help).not.toContain('…');
    screens.help = help;
    await tui.press('Escape');
    await tui.waitFor('Hosts & groups');

    // Filter: only what matches; the selection stays; Esc clears.
    await tui.press('/');
    await tui.type('web');
    await tui.press('Enter');
    const filtered = await tui.waitFor('Hosts & groups /web');
    const left = rows(filtered).slice(2, 8).map((row) => row.slice(0, 24).trim());
    expect(left.filter((name) => name !== '')).toEqual(['> @web', 'web1', 'web2']);
    await tui.press('j', 'j');
    await tui.waitFor(/^> web2/m);
    await tui.press('Escape');
    const cleared = await tui.waitFor(/^ {2}bastion/m);
    expect(cleared).toMatch(/^> web2/m);
    expect(cleared).not.toContain('/web');

    // Rename web2 (in a flow list, a block list with a comment) and bastion (named by two jump:).
    await tui.press('r');
    await tui.waitFor('rename web2 to: web2_');
    await tui.press('BSpace', 'BSpace', 'BSpace', 'BSpace');
    await tui.type('edge2');
    await tui.press('Enter');
    await tui.waitFor('renamed to edge2 (s saves)');
    await tui.press('k', 'k', 'r');
    await tui.waitFor('rename bastion to: ');
    for (let i = 0; i < 7; i++) await tui.press('BSpace');
    await tui.type('gate');
    await tui.press('Enter');
    await tui.waitFor(/^> gate/m);
    // Remove db1 (also from its group); d answered with anything but yes keeps the host.
    await tui.press('j', 'j', 'j', 'd');
    await tui.waitFor('remove host db1? type yes');
    await tui.type('no');
    await tui.press('Enter');
    await tui.waitFor('kept');
    await tui.press('d');
    await tui.type('yes');
    await tui.press('Enter');
    await tui.waitFor('host db1 removed (s saves)');
    // Add web3 with its address: it is selected.
    await tui.press('a');
    await tui.type('web3');
    await tui.press('Enter');
    await tui.waitFor('address of web3');
    await tui.type('192.0.2.12');
    await tui.press('Enter');
    const added = await tui.waitFor('host web3 added (s saves)');
    expect(added).toMatch(/^> web3/m);
    expect(added).toContain('[modified]');

    // Save: the diff first, the file untouched until y.
    await tui.press('s');
    const diff = await tui.waitFor('+++ ');
    expect(diff).toContain('-    hosts: [web1, web2]');
    expect(diff).toContain('+    hosts: [web1, edge2]');
    expect(diff).toContain('+      - edge2                 # block style list');
    screens['host-edits-diff'] = diff;
    expect(readFileSync(join(dir, 'fleet.yaml'), 'utf8')).toBe(FLEET);
    await tui.press('y');
    await tui.waitFor('saved ');
    // Exactly these edits, every other byte as it was.
    const expected = FLEET.replace('hosts: [web1, web2]', 'hosts: [web1, edge2]')
      .replace('      - web2                 # block style list', '      - edge2                 # block style list')
      .replace('      - db1                  # the database\n', '')
      .replace('      - bastion', '      - gate')
      .replace('  bastion:   {address: 192.0.2.1}', '  gate:   {address: 192.0.2.1}')
      .replace('    jump: bastion            # through the bastion', '    jump: gate            # through the bastion')
      .replace('  web2:\n', '  edge2:\n')
      .replace("'192.0.2.11'    # quoted, and stays so\n    jump: bastion", "'192.0.2.11'    # quoted, and stays so\n    jump: gate")
      .replace('  db1: {address: 192.0.2.20}   # removed in the test\n', '  web3:\n    address: 192.0.2.12\n');
    expect(readFileSync(join(dir, 'fleet.yaml'), 'utf8')).toBe(expected);
    const afterSave = await tui.waitFor('Hosts & groups');
    expect(afterSave).not.toContain('[modified]');

    // Resizes: every row within the new width, one frame (nothing left of the one before), the room used.
    const at80 = tui.screen();
    tui.pane.resize(120, 40);
    const wide = await tui.waitFor(/github-runner/);
    expect(widest(wide)).toBeLessThanOrEqual(120);
    expect(rows(wide)).toHaveLength(40);
    expect(wide.match(/phanes tui /g)).toHaveLength(1);
    expect(wide.match(/Hosts & groups/g)).toHaveLength(1);
    expect(rows(wide)[38]).toMatch(/q quit/);
    // The descriptions are cut at 120 columns now, not 80.
    expect(wide).toContain('Redis server with a password, bind addresses and a memory limit');
    screens['resized-120x40'] = wide;
    tui.pane.resize(60, 20);
    // Until the new frame is drawn the pane holds tmux's rewrap of the old one: wait for the title on top.
    const narrow = await tui.waitFor((screen) => rows(screen).length === 20 && widest(screen) <= 60 && rows(screen)[0]!.startsWith('phanes tui '));
    expect(narrow.match(/phanes tui /g)).toHaveLength(1);
    expect(narrow.match(/Hosts & groups/g)).toHaveLength(1);
    expect(rows(narrow)[18]).toMatch(/q quit/);
    expect(narrow).not.toContain('redis');
    tui.pane.resize(80, 24);
    await tui.waitFor((screen) => screen === at80);

    // q with unsaved changes asks again; the second q leaves without writing.
    await tui.press('a');
    await tui.type('scratch');
    await tui.press('Enter', 'Enter');
    await tui.waitFor('host scratch added');
    await tui.press('q');
    await tui.waitFor('unsaved changes: q again quits without saving, s saves');
    await tui.press('q');
    await tui.waitFor('EXIT=0');
    expect(readFileSync(join(dir, 'fleet.yaml'), 'utf8')).toBe(expected);
  });

  it('colors on a terminal; with NO_COLOR none, the selection in reverse video', async () => {
    const colored = open('tuicolor', 'tui -i fleet.yaml', {});
    await colored.waitFor('Hosts & groups');
    const withColors = colored.pane.capture({ escapes: true }).join('\n');
    // The ticked module (baseline, from the defaults) is green.
    expect(withColors).toMatch(/\u001b\[32m> \[x\] baseline/);
    await colored.press('q');
    await colored.waitFor('EXIT=0');

    const plain = open('tuinocolor', 'tui -i fleet.yaml', { NO_COLOR: '1' });
    await plain.waitFor('Hosts & groups');
    const withoutColors = plain.pane.capture({ escapes: true }).join('\n');
    expect(withoutColors).not.toMatch(COLOR_SGR);
    expect(withoutColors).toMatch(/\u001b\[7m> \(defaults\)/);
    await plain.press('q');
    await plain.waitFor('EXIT=0');
  });
});
