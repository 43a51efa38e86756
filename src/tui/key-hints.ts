/** The key hints of a screen as rows of at most `width` columns: hints are never cut, they go to the next row. */
export function keyRows(hints: readonly string[], width: number): string[] {
  const rows: string[] = [];
  for (const hint of hints) {
    const last = rows.at(-1);
    if (last !== undefined && last.length + 2 + hint.length <= width) rows[rows.length - 1] = `${last}  ${hint}`;
    else rows.push(hint);
  }
  return rows;
}
