/** Text as literal inline Markdown: characters that open markup anywhere (emphasis, code, links, HTML, table cells, entities) are escaped. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/**
 * Text as literal Markdown at the start of a line: escaped inline, and so is a first character that would
 * start a block (heading, list, quote).
 */
export function escapeMarkdown(text: string): string {
  return escapeInline(text).replace(/^(\s*)([#+\-=]|\d+(?=[.)]))/, (_, space: string, start: string) => `${space}${/\d/.test(start) ? `${start}\\` : `\\${start}`}`);
}

/** A table cell: literal, on one line (a cell cannot hold a line break). */
export function tableCell(text: string): string {
  return escapeInline(text.replace(/\s*\n\s*/g, ' ').trim());
}

/** A Markdown table from a header row and rows of cells already escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/**
 * A fenced code block holding `content` verbatim: the fence is one backtick longer than the longest run of
 * backticks in the content (at least three), so a diff of a Markdown file cannot close it early.
 */
export function fencedBlock(content: string, language = ''): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
}
