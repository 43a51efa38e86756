import { Box, Text } from 'ink';

/** Lines `top`..`top+height` of `lines`, each cut to the width (never wrapped: the layout stays put). */
export function TextPane({ lines, top, height }: { lines: readonly string[]; top: number; height: number }) {
  const shown = lines.slice(top, top + height);
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}

/** The scroll position after a key: arrows and j/k a line, PgUp/PgDn/space a page, g/G the ends. */
export function scrolled(top: number, total: number, height: number, input: string, key: { upArrow: boolean; downArrow: boolean; pageUp: boolean; pageDown: boolean }): number {
  const last = Math.max(0, total - height);
  let next = top;
  if (key.upArrow || input === 'k') next -= 1;
  else if (key.downArrow || input === 'j') next += 1;
  else if (key.pageUp || input === 'b') next -= height;
  else if (key.pageDown || input === ' ') next += height;
  else if (input === 'g') next = 0;
  else if (input === 'G') next = last;
  return Math.min(last, Math.max(0, next));
}

/** `lines` cut into rows of at most `width` characters, continuation rows indented by two: to read all of an output. */
export function wrapRows(lines: readonly string[], width: number): string[] {
  const room = Math.max(1, width - 2);
  return lines.flatMap((line) => {
    const chars = [...line];
    if (chars.length <= width) return [line];
    const rows = [chars.slice(0, width).join('')];
    for (let at = width; at < chars.length; at += room) rows.push(`  ${chars.slice(at, at + room).join('')}`);
    return rows;
  });
}
