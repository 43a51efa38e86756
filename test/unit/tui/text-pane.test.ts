import { describe, expect, it } from 'vitest';
import { wrapRows } from '../../../src/tui/text-pane.js';

describe('wrapRows', () => {
  it('keeps lines that fit and wraps longer ones into rows of at most the width, continuations indented by two', () => {
    const long = 'x'.repeat(25);
    const rows = wrapRows(['short', long], 10);
    expect(rows).toEqual(['short', 'xxxxxxxxxx', '  xxxxxxxx', '  xxxxxxx']);
    expect(rows.every((row) => row.length <= 10)).toBe(true);
  });
  it('counts code points, not UTF-16 units, so a row never splits a character', () => {
    expect(wrapRows(['ééééé🙂🙂'], 4)).toEqual(['éééé', '  é🙂', '  🙂']);
  });
});
