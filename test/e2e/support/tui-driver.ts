import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHANES_BIN } from './run-phanes.js';
import { openTmuxPane, type TmuxPane } from './tmux-pane.js';

/** Between keys: a person types no faster, and Ink reads each key in turn. */
const KEY_MS = 150;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `phanes ARGS` in a real terminal (tmux), driven by keys and read back by screen captures. */
export interface TuiDriver {
  readonly pane: TmuxPane;
  /** The screen (rows joined by newlines) once it shows `what`, or once `what` says yes to it. */
  waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Keys as tmux names them, one at a time. */
  press(...keys: string[]): Promise<void>;
  /** Text typed as it is. */
  type(text: string): Promise<void>;
  screen(): string;
}

/**
 * Starts `phanes ARGS` in DIR in a WIDTHxHEIGHT tmux pane, `env` added (CI unset: Ink draws only its last
 * frame when it believes it runs in CI; the color variables only as given). The shell prints `EXIT=<code>` when phanes ends.
 */
export function startTui(name: string, dir: string, args: string, env: Readonly<Record<string, string>>, size: { width: number; height: number }): TuiDriver {
  const vars = Object.entries(env).map(([key, value]) => `${key}='${value}'`).join(' ');
  const command = `cd '${dir}' && env -u CI -u FORCE_COLOR -u NO_COLOR ${vars} '${process.execPath}' '${PHANES_BIN}' ${args}; echo "EXIT=$?"; sleep 600`;
  const pane = openTmuxPane(name, command, size, join(dir, `${name}.raw`));
  const screen = () => pane.capture().join('\n');
  return {
    pane,
    screen,
    async waitFor(what, timeoutMs = 60_000) {
      const started = Date.now();
      let shown = '';
      while (Date.now() - started < timeoutMs) {
        shown = screen();
        if (typeof what === 'string' ? shown.includes(what) : what instanceof RegExp ? what.test(shown) : what(shown)) return shown;
        await sleep(100);
      }
      throw new Error(`timed out waiting for ${String(what)}; the screen:\n${shown}`);
    },
    async press(...keys) {
      for (const key of keys) {
        pane.keys(key);
        await sleep(KEY_MS);
      }
    },
    async type(text) {
      pane.keys('-l', text);
      await sleep(KEY_MS);
    },
  };
}

/**
 * Screens kept for docs/tui.md: written to PHANES_TUI_SCREENS (default .phanes/tui-screens in the
 * repository), the temporary directory and the target's port replaced so that they read the same every run;
 * `npm run docs:tui` copies them into the page.
 */
export function writeScreens(screens: Readonly<Record<string, string>>, replace: ReadonlyArray<readonly [string | RegExp, string]>): void {
  const dir = process.env.PHANES_TUI_SCREENS ?? join(process.cwd(), '.phanes', 'tui-screens');
  mkdirSync(dir, { recursive: true });
  for (const [name, screen] of Object.entries(screens)) {
    let text = screen.replace(/\s+$/, '');
    for (const [from, to] of replace) text = typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to);
    writeFileSync(join(dir, `${name}.txt`), text + '\n');
  }
}
