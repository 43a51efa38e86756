import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitWidth, printable } from '../../../src/report/terminal-line.js';

describe('fitWidth', () => {
  it('keeps a line that fits as it is, and cuts a longer one at the width', () => {
    expect(fitWidth('bench12  files', 14)).toBe('bench12  files');
    expect(fitWidth('bench12  files', 7)).toBe('bench12');
    expect(fitWidth('anything', 0)).toBe('');
  });

  it('counts colors as nothing and closes them after the cut', () => {
    const red = '\u001b[31mfailed\u001b[39m rest';
    expect(fitWidth(red, 11)).toBe(red);
    expect(fitWidth(red, 3)).toBe('\u001b[31mfai\u001b[0m');
  });

  it('never splits a wide character or an emoji: they stay whole or go', () => {
    expect(fitWidth('古池や蛙', 5)).toBe('古池');
    expect(fitWidth('ok 👍🏽 done', 4)).toBe('ok ');
    expect(fitWidth('ok 👍🏽 done', 5)).toBe('ok 👍🏽');
    for (const width of [1, 2, 3, 4, 5, 6, 7]) expect(stringWidth(fitWidth('a古👍🏽e\u0301池', width))).toBeLessThanOrEqual(width);
  });
});

describe('printable', () => {
  it('turns escapes, carriage returns and tabs from hosts into spaces', () => {
    expect(printable('a\u001b[2Jb\rc\td\u009bx')).toBe('a [2Jb c d x');
    expect(printable('plain text, ünïcode 古')).toBe('plain text, ünïcode 古');
  });
});
