import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { builtInCatalog } from '../../modules/catalog.js';
import { exitCodeOf } from '../cli/exit-codes.js';
import type { RunMode, RunSummary } from '../engine/results.js';
import type { RunDescription, RunListener } from '../engine/run-events.js';
import { removeValue, setValue, valueAt } from '../inventory/edit/edit-text.js';
import { addHost, levelPath, removeHost, renameHost, toggleModule, type Level } from '../inventory/edit/host-edits.js';
import type { Colors } from '../report/colors.js';
import { layoutFleet } from '../report/fleet-layout.js';
import { applyRunEvent, finishFleet, fleetProgress, type FleetProgress } from '../report/fleet-progress.js';
import { renderPlan } from '../report/plan-view.js';
import { renderSummary, summaryLine } from '../report/summary-table.js';
import { HELP } from './help-text.js';
import { keyRows } from './key-hints.js';
import { levelName, levelsOf, modulesOf, openSession, pendingDiff, saveSession, withText, type InventorySession } from './inventory-session.js';
import { nextChoice, readInput, settingFields, showValue } from './setting-fields.js';
import { scrolled, TextPane, wrapRows } from './text-pane.js';

/** How the TUI runs plan and apply: the CLI's own path (run-command.ts), given the events. */
export interface Runner {
  run(mode: RunMode, file: string, limit: readonly string[] | undefined, hooks: RunnerHooks): Promise<RunSummary>;
}

/** What the TUI hears of a run: its hosts once loaded, its events, interrupt notices, and the Ctrl-C handler. */
export interface RunnerHooks {
  onStart(run: RunDescription): void;
  listener: RunListener;
  say(text: string): void;
  onInterrupt(interrupt: () => void): void;
}

export interface AppProps {
  readonly session: InventorySession;
  readonly runner: Runner;
  readonly colors: Colors;
  /** `apply --tui`: start with the plan (then ask to apply), or with apply itself (--yes), for the CLI's selection. */
  readonly start?: RunMode | undefined;
  /** Called once, with the exit code, when the user leaves. */
  onExit(code: number): void;
}

type Prompt = { label: string; value: string; submit(value: string): void };
type View =
  | { kind: 'main' }
  | { kind: 'settings'; module: string }
  | { kind: 'text'; title: string; lines: string[]; keys: string; on?: Record<string, () => void>; back?: View; wrap?: boolean }
  | { kind: 'run'; mode: RunMode; fleet: FleetProgress; summary?: RunSummary; lines?: string[]; limit: readonly string[] | undefined };

const LEFT_WIDTH = 24;
/** The module names' column: as wide as the longest name. */
const NAME_WIDTH = Math.max(...[...builtInCatalog.modules.keys()].map((name) => name.length));

interface UiState {
  session: InventorySession;
  view: View;
  focus: 'left' | 'right';
  leftAt: number;
  rightAt: number;
  settingAt: number;
  top: number;
  filter: string;
  prompt: Prompt | undefined;
  message: string;
  quitArmed: boolean;
}

export function App({ session: first, runner, colors, start, onExit }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [size, setSize] = useState({ width: stdout.columns || 80, height: stdout.rows || 24 });
  // One synchronous store, not useState: keys typed faster than React renders each see the state the one before left.
  const ui = useRef<UiState>({ session: first, view: { kind: 'main' }, focus: 'left', leftAt: 0, rightAt: 0, settingAt: 0, top: 0, filter: '', prompt: undefined, message: '? help  q quit', quitArmed: false }).current;
  const [, rerender] = useState(0);
  const setter =
    <K extends keyof UiState>(key: K) =>
    (value: UiState[K]) => {
      ui[key] = value;
      rerender((n) => n + 1);
    };
  const [setSession, setView, setFocus, setLeftAt, setRightAt, setSettingAt, setTop, setFilter, setPrompt, setMessage, setQuitArmed] = [
    setter('session'), setter('view'), setter('focus'), setter('leftAt'), setter('rightAt'), setter('settingAt'), setter('top'), setter('filter'), setter('prompt'), setter('message'), setter('quitArmed'),
  ];
  const [, setTick] = useState(0);
  const interrupt = useRef<(() => void) | undefined>(undefined);
  const lastApply = useRef<RunSummary | undefined>(undefined);
  /** Rows of the scrollable text as last drawn: a page for PgUp/PgDn. */
  const paneRows = useRef(10);

  useEffect(() => {
    const onResize = () => setSize({ width: stdout.columns || 80, height: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);

  const paint = (color: 'green' | 'red' | 'yellow' | 'cyan'): { color?: string } => (colors.enabled ? { color } : {});
  const modules = [...builtInCatalog.modules.values()];
  /** What the screen shows, from the store as it is now. */
  const derived = () => {
    const levels = levelsOf(ui.session.text).filter((level) => ui.filter === '' || levelName(level).includes(ui.filter));
    const level: Level | undefined = levels[Math.min(ui.leftAt, levels.length - 1)];
    const current = level ? modulesOf(ui.session, level) : { modules: [] as string[], source: '' };
    return { levels, level, current, modified: ui.session.text !== ui.session.saved, running: ui.view.kind === 'run' && ui.view.summary === undefined };
  };
  const { levels, level, current, modified, running } = derived();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((t) => t + 1), 100);
    return () => clearInterval(timer);
  }, [running]);

  const leave = (code: number) => {
    onExit(code);
    exit();
  };
  const edit = (change: (text: string) => string, done?: string) => {
    try {
      const next = withText(ui.session, change(ui.session.text));
      setSession(next);
      setMessage(next.problems.length > 0 ? `${next.problems.length} problem(s): the inventory is not valid yet` : (done ?? 'changed (s saves)'));
    } catch (error) {
      setMessage(`not changed: ${(error as Error).message}`);
    }
  };
  const ask = (label: string, value: string, submit: (value: string) => void) => setPrompt({ label, value, submit });
  /** A scrollable text screen from the top; `back` is where Esc returns, `wrap` keeps long lines whole. */
  const showText = (title: string, lines: string[], keys: string, more: { on?: Record<string, () => void>; back?: View; wrap?: boolean } = {}) => {
    setTop(0);
    setView({ kind: 'text', title, lines, keys, ...more });
  };
  const limitOf = (l: Level | undefined): string[] | undefined => (start !== undefined || !l || l.kind === 'defaults' ? undefined : [l.name]);

  const startRun = (mode: RunMode, limit: readonly string[] | undefined) => {
    if (ui.session.text !== ui.session.saved) {
      setMessage('save first (s): plan and apply read the file, as the CLI does');
      return;
    }
    let fleet = fleetProgress({ mode, hosts: [] }, Date.now());
    /** Interrupt notices, kept above the summary: the run may end before anyone read them. */
    const notices: string[] = [];
    setTop(0);
    setView({ kind: 'run', mode, fleet, limit });
    setMessage(mode === 'plan' ? 'planning: Ctrl-C stops' : 'applying: Ctrl-C once stops new work, twice stops what runs');
    runner
      .run(mode, ui.session.file, limit, {
        onStart: (run) => {
          fleet = fleetProgress(run, Date.now());
          setView({ kind: 'run', mode, fleet, limit });
        },
        listener: (event) => applyRunEvent(fleet, event, Date.now()),
        say: (text) => {
          notices.push(text.trim());
          setMessage(text.trim());
        },
        onInterrupt: (handler) => (interrupt.current = handler),
      })
      .then((summary) => {
        interrupt.current = undefined;
        finishFleet(fleet, summary, Date.now());
        if (mode === 'apply') lastApply.current = summary;
        const lines = [...notices, ...(notices.length > 0 ? [''] : []), ...(mode === 'plan' ? renderPlan(summary, colors).split('\n') : []), ...renderSummary(summary, colors).split('\n')];
        const pending = summary.hosts.some((h) => h.modules.some((m) => m.status === 'pending'));
        setView({ kind: 'run', mode, fleet, summary, lines, limit });
        setMessage(mode === 'plan' ? (pending ? 'y applies these changes, Esc goes back' : 'nothing to change') : 'done: f shows failed modules\' output, Esc goes back');
      })
      .catch((error: Error) => {
        interrupt.current = undefined;
        setView({ kind: 'main' });
        setMessage(error.message.split('\n').slice(0, 2).join(' '));
      });
  };

  useEffect(() => {
    if (start) startRun(start, undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keys typed (or sent) faster than they are read arrive as one chunk: each is handled in turn.
  useInput((input, key) => {
    if (!ui.prompt && input.length > 1 && !key.ctrl && !key.meta && /^[\x20-\x7e]+$/.test(input)) for (const char of input) handleKey(char, key);
    else handleKey(input, key);
  });

  function handleKey(input: string, key: Key) {
    const { levels, level, current, modified, running } = derived();
    const view = ui.view;
    const prompt = ui.prompt;
    if (key.ctrl && input === 'c') {
      if (running && interrupt.current) interrupt.current();
      else if (!running) leave(130);
      return;
    }
    if (prompt) {
      if (key.escape) setPrompt(undefined);
      else if (key.return) {
        setPrompt(undefined);
        prompt.submit(prompt.value);
      } else if (key.backspace || key.delete) setPrompt({ ...prompt, value: prompt.value.slice(0, -1) });
      else if (input && !key.ctrl && !key.meta) setPrompt({ ...prompt, value: prompt.value + input });
      return;
    }
    if (input !== 'q') setQuitArmed(false);
    if (input === '?' && !running && !(view.kind === 'text' && view.title === 'Help')) {
      return showText('Help', HELP, 'Esc back', { back: view });
    }

    if (view.kind === 'text' || (view.kind === 'run' && view.lines)) {
      const lines = shownLines(view);
      if (key.escape || input === 'q') return setView(view.kind === 'text' && view.back ? view.back : { kind: 'main' });
      if (view.kind === 'text' && view.on?.[input]) return view.on[input]!();
      if (view.kind === 'run' && view.mode === 'plan' && input === 'y' && view.summary?.hosts.some((h) => h.modules.some((m) => m.status === 'pending'))) return startRun('apply', view.limit);
      if (view.kind === 'run' && input === 'f') return showFailures(view.summary!);
      return setTop(scrolled(ui.top, lines.length, paneRows.current, input, key));
    }
    if (view.kind === 'run') return;

    if (view.kind === 'settings') {
      const fields = settingFields(builtInCatalog.modules.get(view.module)!.schema);
      const field = fields[ui.settingAt];
      const path = [...levelPath(level!), 'vars', view.module];
      if (key.escape || input === 'q' || key.leftArrow) return setView({ kind: 'main' });
      if (key.upArrow || input === 'k') return setSettingAt(Math.max(0, ui.settingAt - 1));
      if (key.downArrow || input === 'j') return setSettingAt(Math.min(fields.length - 1, ui.settingAt + 1));
      if (!field) return;
      const own = valueAt(ui.session.text, [...path, field.key]);
      if (input === 'u') return edit((t) => removeValue(t, [...path, field.key]), `${field.key} unset here`);
      if (input === ' ' && (field.kind === 'boolean' || field.kind === 'enum')) return edit((t) => setValue(t, [...path, field.key], nextChoice(field, own ?? effective(field.key))), `${field.key} changed (s saves)`);
      if (key.return) {
        const hint = field.kind === 'secret' ? ' (${env:NAME} or ${file:PATH})' : field.kind === 'list' ? ' (comma-separated)' : field.kind === 'enum' ? ` (${field.choices?.map(String).join(' | ')})` : '';
        return ask(`${field.key}${hint}`, showValue(field, own).replace(/^\*\*\*.*/, ''), (text) => {
          const read = readInput(field, text);
          if ('error' in read) setMessage(read.error);
          else if ('remove' in read) edit((t) => removeValue(t, [...path, field.key]), `${field.key} unset here`);
          else edit((t) => setValue(t, [...path, field.key], read.value), `${field.key} changed (s saves)`);
        });
      }
      return;
    }

    // The main screen.
    if (input === 'q' || key.escape) {
      if (key.escape && ui.filter !== '') return filterBy('');
      if (modified && !ui.quitArmed) {
        setQuitArmed(true);
        return setMessage('unsaved changes: q again quits without saving, s saves');
      }
      return leave(lastApply.current ? exitCodeOf(lastApply.current, false) : 0);
    }
    if (key.tab) return setFocus(ui.focus === 'left' ? 'right' : 'left');
    if (input === '/') return ask('filter', ui.filter, (text) => filterBy(text.trim()));
    if (input === 's') return save(ui.session.file);
    if (input === 'w') return ask('save as', ui.session.file, (path) => save(path));
    if (input === 'o') return ask('open', ui.session.file, (path) => open(path));
    if (input === 'a') return ask('new host name', '', (name) => ask(`address of ${name} (empty: the name)`, '', (address) => {
      edit((t) => addHost(t, name.trim(), address), `host ${name.trim()} added (s saves)`);
      select({ kind: 'host', name: name.trim() });
    }));
    if (input === 'p') return startRun('plan', limitOf(level));
    if (input === 'x') return startRun('plan', limitOf(level));
    if (level?.kind === 'host' && input === 'r') return ask(`rename ${level.name} to`, level.name, (to) => edit((t) => renameHost(t, level.name, to.trim()), `renamed to ${to.trim()} (s saves)`));
    if (level?.kind === 'host' && input === 'd') return ask(`remove host ${level.name}? type yes`, '', (yes) => (yes === 'yes' ? edit((t) => removeHost(t, level.name), `host ${level.name} removed (s saves)`) : setMessage('kept')));
    const up = key.upArrow || input === 'k';
    const down = key.downArrow || input === 'j';
    if (ui.focus === 'left') {
      if (up) setLeftAt(Math.max(0, ui.leftAt - 1));
      else if (down) setLeftAt(Math.min(levels.length - 1, ui.leftAt + 1));
      else if (key.return || key.rightArrow) setFocus('right');
      return;
    }
    if (up) setRightAt(Math.max(0, ui.rightAt - 1));
    else if (down) setRightAt(Math.min(modules.length - 1, ui.rightAt + 1));
    else if (key.leftArrow) setFocus('left');
    else if (input === ' ' && level) {
      const module = modules[ui.rightAt]!.name;
      edit((t) => toggleModule(t, level, current.modules, module, builtInCatalog).text, `${module} ${current.modules.includes(module) ? 'unticked' : 'ticked'} for ${levelName(level)} (s saves)`);
    } else if (key.return && level) {
      setSettingAt(0);
      setView({ kind: 'settings', module: modules[ui.rightAt]!.name });
    }
  }

  /** The rows of a text or finished run screen: cut at the width, or wrapped (a failure's output). */
  function shownLines(view: View): string[] {
    if (view.kind === 'text') return view.wrap ? wrapRows(view.lines, size.width) : view.lines;
    return view.kind === 'run' ? (view.lines ?? []) : [];
  }

  /** Moves the cursor on the left to `wanted`, when the list (as filtered) shows it. */
  function select(wanted: Level | undefined) {
    const at = derived().levels.findIndex((l) => wanted !== undefined && l.kind === wanted.kind && levelName(l) === levelName(wanted));
    if (at >= 0) setLeftAt(at);
  }

  /** Filters the left side by `text`, keeping the selected host or group where the filter still shows it. */
  function filterBy(text: string) {
    const selected = derived().level;
    setFilter(text);
    setLeftAt(0);
    select(selected);
  }

  function effective(key: string): unknown {
    if (ui.view.kind !== 'settings' || level?.kind !== 'host') return undefined;
    return ui.session.inventory?.hosts.find((h) => h.name === level.name)?.settings[ui.view.module]?.[key];
  }

  function save(path: string) {
    const diff = pendingDiff(ui.session, path);
    if (diff === '' && path === ui.session.file) return setMessage('nothing to save');
    showText(`Save ${path}`, diff.split('\n'), 'y write  Esc back', { on: {
      y: () => {
        try {
          setSession(saveSession(ui.session, path));
          setView({ kind: 'main' });
          setMessage(`saved ${path}`);
        } catch (error) {
          setMessage(`not saved: ${(error as Error).message}`);
        }
      },
    } });
  }

  function open(path: string) {
    try {
      setSession(openSession(path));
      setLeftAt(0);
      setMessage(`opened ${path}`);
    } catch (error) {
      setMessage(`not opened: ${(error as Error).message}`);
    }
  }

  function showFailures(summary: RunSummary) {
    const failed = summary.hosts.flatMap((h) =>
      h.modules
        .filter((m) => m.status === 'failed' || m.status === 'refused')
        .flatMap((m) => [`${h.host} ${m.module}: ${m.status}`, ...(m.failedStep !== undefined ? [`  step: ${m.steps[m.failedStep]?.title ?? ''}`, `  ${m.steps[m.failedStep]?.detail ?? ''}`] : []), ...(m.error ?? '').split('\n').map((l) => `  ${l}`), '']),
    );
    // Esc comes back to the summary; long output lines wrap, to be read whole.
    showText('Failed modules', failed.length > 0 ? failed : ['no module failed'], 'Esc back', { back: ui.view, wrap: true });
  }

  // Layout: title, body, problems, message or prompt, keys.
  const view = ui.view;
  const width = size.width;
  const problems = ui.session.problems.slice(0, 3);
  const title = `phanes tui  ${ui.session.file}${modified ? '  [modified]' : ''}${ui.session.problems.length > 0 ? `  ${ui.session.problems.length} problem(s)` : ''}`;
  const keys = keyRows(keyHints(), width);
  // Rows: the title, the body, the problems, the message or prompt, the keys; the terminal's last row stays
  // free (Ink ends its frame with a newline).
  const bodyHeight = Math.max(3, size.height - 1 - 1 - problems.length - 1 - keys.length);
  paneRows.current = bodyHeight - 1;
  let body;
  if (view.kind === 'text' || (view.kind === 'run' && view.lines)) {
    const lines = shownLines(view);
    body = (
      <Box flexDirection="column">
        <Text bold wrap="truncate">
          {view.kind === 'text' ? `${view.title} (${lines.length} lines)` : summaryLine(view.summary!, colors)}
        </Text>
        <TextPane lines={lines} top={ui.top} height={bodyHeight - 1} />
      </Box>
    );
  } else if (view.kind === 'run') {
    body = <TextPane lines={layoutFleet(view.fleet, { width, height: bodyHeight, now: Date.now(), colors })} top={0} height={bodyHeight} />;
  } else if (view.kind === 'settings' && level) {
    const module = builtInCatalog.modules.get(view.module)!;
    const fields = settingFields(module.schema);
    const field = fields[ui.settingAt];
    const path = [...levelPath(level), 'vars', view.module];
    const start = Math.max(0, ui.settingAt - (bodyHeight - 4));
    body = (
      <Box flexDirection="column" height={bodyHeight}>
        <Text bold wrap="truncate">
          {view.module} settings for {levelName(level)} (written under {path.join('.')})
        </Text>
        {fields.slice(start, start + bodyHeight - 3).map((f, i) => {
          const own = valueAt(ui.session.text, [...path, f.key]);
          const inherited = effective(f.key);
          const shown = own !== undefined ? showValue(f, own) : inherited !== undefined && f.kind !== 'secret' ? `${showValue(f, inherited)} (inherited)` : f.default !== undefined ? `${showValue(f, f.default)} (default)` : f.required ? '(required)' : '(unset)';
          return (
            <Text key={f.key} wrap="truncate" inverse={start + i === ui.settingAt}>
              {`${start + i === ui.settingAt ? '>' : ' '} ${f.key.padEnd(22)} ${f.kind.padEnd(7)} ${shown}`}
            </Text>
          );
        })}
        <Text> </Text>
        <Text wrap="truncate" dimColor>
          {field ? field.description : ''}
        </Text>
      </Box>
    );
  } else {
    const listHeight = bodyHeight - 1;
    const leftStart = Math.max(0, ui.leftAt - listHeight + 1);
    const rightStart = Math.max(0, ui.rightAt - listHeight + 2);
    body = (
      <Box height={bodyHeight}>
        <Box flexDirection="column" width={LEFT_WIDTH} flexShrink={0} marginRight={1}>
          <Text bold wrap="truncate">{`Hosts & groups${ui.filter ? ` /${ui.filter}` : ''}`}</Text>
          {levels.slice(leftStart, leftStart + listHeight).map((l, i) => (
            <Text key={`${l.kind}:${levelName(l)}`} wrap="truncate" inverse={leftStart + i === ui.leftAt && ui.focus === 'left'} bold={leftStart + i === ui.leftAt}>
              {`${leftStart + i === ui.leftAt ? '>' : ' '} ${l.kind === 'defaults' ? '(defaults)' : l.kind === 'group' ? `@${l.name}` : l.name}`}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" flexGrow={1} flexShrink={1} flexBasis={0}>
          <Text bold wrap="truncate">{level ? `${levelName(level)}: ${current.source}` : 'no hosts yet: a adds one'}</Text>
          {modules.slice(rightStart, rightStart + listHeight - 1).map((m, i) => {
            const on = current.modules.includes(m.name);
            const at = rightStart + i === ui.rightAt;
            return (
              <Text key={m.name} wrap="truncate" inverse={at && ui.focus === 'right'} {...(on ? paint('green') : {})}>
                {`${at ? '>' : ' '} [${on ? 'x' : ' '}] ${m.name.padEnd(NAME_WIDTH)} ${m.requires.length > 0 ? `(requires ${m.requires.join(', ')}) ` : ''}${m.description}`}
              </Text>
            );
          })}
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={size.height - 1}>
      <Text bold wrap="truncate" inverse>
        {title.padEnd(width)}
      </Text>
      {body}
      {problems.map((p, i) => (
        <Text key={i} wrap="truncate" {...paint('red')}>
          {p}
        </Text>
      ))}
      <Text wrap="truncate" {...(ui.prompt ? paint('cyan') : {})}>
        {ui.prompt ? `${ui.prompt.label}: ${ui.prompt.value}_` : ui.message}
      </Text>
      {keys.map((row, i) => (
        <Text key={`keys${i}`} wrap="truncate" dimColor>
          {row}
        </Text>
      ))}
    </Box>
  );

  /** The keys of the screen shown, for the rows at the bottom. */
  function keyHints(): string[] {
    const view = ui.view;
    if (view.kind === 'text') return ['up/down PgUp/PgDn scroll', ...view.keys.split(/ {2,}/)];
    if (view.kind === 'run' && view.lines) return ['up/down PgUp/PgDn scroll', view.mode === 'plan' ? 'y apply' : 'f failed output', 'Esc back', '? help'];
    if (view.kind === 'run') return ['Ctrl-C once: start nothing new; twice: stop what runs'];
    if (view.kind === 'settings') return ['up/down move', 'Enter edit', 'space toggle/next', 'u unset', 'Esc back', '? help'];
    const common = ['s save', 'w save as', 'o open', 'p preview', 'x apply', '? help', 'q quit'];
    return ui.focus === 'left' ? ['j/k move', 'Tab modules', 'a add', 'r rename', 'd remove', '/ filter', ...common] : ['j/k move', 'space tick', 'Enter settings', 'Tab hosts', ...common];
  }
}
