import { describe, expect, it } from 'vitest';
import { editLines as edit, type WantedLine } from '../../../modules/files/edit-lines.js';

const editLines = (content: string, wanted: readonly WantedLine[]) => edit(content, wanted).content;

describe('editLines (the files module, lines)', () => {
  it('appends a missing line, to an empty or missing file too', () => {
    expect(editLines('', [{ line: 'a = 1' }])).toBe('a = 1\n');
    expect(editLines('x\n', [{ line: 'a = 1' }])).toBe('x\na = 1\n');
  });

  it('adds the missing final newline before appending', () => {
    expect(editLines('x', [{ line: 'a' }])).toBe('x\na\n');
  });

  it('returns the content byte for byte when every line is there, final newline or not', () => {
    expect(editLines('a\nb', [{ line: 'b' }, { line: 'a', regexp: /^a/u }])).toBe('a\nb');
    expect(editLines('a\r\nb\n', [{ line: 'b' }])).toBe('a\r\nb\n');
  });

  it('replaces only the last matching line, keeping the others', () => {
    expect(editLines('#P yes\nP yes\nQ\nP no\n', [{ line: 'P prohibit', regexp: /^#?P /u }])).toBe('#P yes\nP yes\nQ\nP prohibit\n');
  });

  it('appends when the regexp matches nothing, unless the line is already there', () => {
    expect(editLines('Q\n', [{ line: 'P no', regexp: /^P /u }])).toBe('Q\nP no\n');
    expect(editLines('Q\nP  no\n', [{ line: 'P  no', regexp: /^P no/u }])).toBe('Q\nP  no\n');
  });

  it('applies lines in order: a later line sees the earlier edits', () => {
    expect(editLines('', [{ line: 'a = 1' }, { line: 'a = 2', regexp: /^a =/u }])).toBe('a = 2\n');
  });

  it('names the lines it added or replaced, none when the content stays', () => {
    expect(edit('a\nP 1\n', [{ line: 'a' }, { line: 'P 2', regexp: /^P /u }, { line: 'b' }]).changed).toEqual(['P 2', 'b']);
    expect(edit('a\n', [{ line: 'a', regexp: /^a/u }]).changed).toEqual([]);
  });

  it('keeps empty lines and handles a file that is one empty line', () => {
    expect(editLines('\n', [{ line: '' }])).toBe('\n');
    expect(editLines('a\n\nb\n', [{ line: 'c' }])).toBe('a\n\nb\nc\n');
  });
});
