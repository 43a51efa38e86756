import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openLiveRegion } from '../../../src/report/live-region.js';

/** A terminal stream that records what is written to it. */
class FakeTerminal extends EventEmitter {
  columns = 40;
  rows = 10;
  written: string[] = [];
  write(chunk: string | Uint8Array, callback?: () => void): boolean {
    this.written.push(String(chunk));
    callback?.();
    return true;
  }
  take(): string {
    return this.written.splice(0).join('');
  }
}

const frame = (lines: string[], up: number) =>
  `\u001b[?2026h\r${up > 0 ? `\u001b[${up}A` : ''}${lines.map((l) => `\u001b[2K${l}\n`).join('')}\u001b[J\u001b[?2026l`;

describe('openLiveRegion', () => {
  it('hides the cursor, then redraws in place: back up over the last frame, each line overwritten, the rest erased', () => {
    const terminal = new FakeTerminal();
    let lines = ['one', 'two', 'three'];
    const region = openLiveRegion(terminal as never, () => lines);
    region.draw();
    expect(terminal.take()).toBe('\u001b[?25l' + frame(['one', 'two', 'three'], 0));
    lines = ['one', '2'];
    region.draw();
    expect(terminal.take()).toBe(frame(['one', '2'], 3));
    region.draw(); // unchanged: nothing written
    expect(terminal.take()).toBe('');
    expect(region.frames).toBe(2);
    region.close();
  });

  it('renders for the terminal size, and starts on a cleared screen after a resize', () => {
    const terminal = new FakeTerminal();
    const sizes: string[] = [];
    const region = openLiveRegion(terminal as never, (width, height) => {
      sizes.push(`${width}x${height}`);
      return [`${width}x${height}`];
    });
    region.draw();
    terminal.take();
    terminal.columns = 20;
    terminal.rows = 5;
    terminal.emit('resize');
    expect(terminal.take()).toBe('\u001b[?2026h\u001b[H\u001b[2J\u001b[2K20x5\n\u001b[J\u001b[?2026l');
    expect(sizes).toEqual(['40x10', '20x5']);
    region.close();
  });

  it("prints others' whole lines above the frame and draws it again below them; a partial line waits for its end", () => {
    const terminal = new FakeTerminal();
    const region = openLiveRegion(terminal as never, () => ['progress']);
    region.draw();
    terminal.take();
    terminal.write('Interrupted: ');
    expect(terminal.take()).toBe('');
    let called = false;
    terminal.write('starting nothing new\nwarn', () => (called = true));
    expect(terminal.take()).toBe('\u001b[?2026h\r\u001b[1A\u001b[JInterrupted: starting nothing new\n\u001b[2Kprogress\n\u001b[J\u001b[?2026l');
    region.close();
    // The last frame stays; the cursor shows again; the held text comes out; writes go straight through again.
    expect(terminal.take()).toBe('\u001b[?25hwarn');
    terminal.write('after\n');
    expect(terminal.take()).toBe('after\n');
    expect(Object.hasOwn(terminal, 'write')).toBe(false);
    return new Promise<void>((resolve) => process.nextTick(() => resolve(expect(called).toBe(true))));
  });

  it('shows the cursor again when the process leaves without closing it (a third Ctrl-C)', () => {
    const terminal = new FakeTerminal();
    const region = openLiveRegion(terminal as never, () => ['x']);
    terminal.take();
    process.emit('exit', 130);
    expect(terminal.take()).toBe('\u001b[?25h');
    region.close();
    terminal.take();
    process.emit('exit', 130);
    expect(terminal.take()).toBe('');
  });
});
