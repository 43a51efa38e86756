import { createTwoFilesPatch } from 'diff';

/** A unified diff of the inventory before and after editing ('' when nothing changed). */
export function inventoryDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(file, file, before, after, '', '', { context: 3 })
    .split('\n')
    .filter((line) => !line.startsWith('===') && !line.startsWith('Index: ')) // the header lines createTwoFilesPatch starts with
    .map((line) => (line.startsWith('--- ') || line.startsWith('+++ ') ? line.trimEnd() : line))
    .join('\n');
}
