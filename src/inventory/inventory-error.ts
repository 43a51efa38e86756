import type { InventoryProblem } from './resolved-host.js';

/** `FILE:LINE:COL path: message (hint)`; a problem of the whole document shows `(document)` as its path. */
export function formatProblem(problem: InventoryProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column} ${problem.path === '' ? '(document)' : problem.path}`;
  return problem.hint === undefined ? `${where}: ${problem.message}` : `${where}: ${problem.message} (${problem.hint})`;
}

/** Problems sorted by place, each reported once (a group's mistake would otherwise repeat per host). */
export function sortProblems(problems: readonly InventoryProblem[]): InventoryProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = formatProblem(problem);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** An inventory that cannot be used; `message` lists every problem found, one per line. */
export class InventoryError extends Error {
  override readonly name = 'InventoryError';
  readonly problems: readonly InventoryProblem[];

  constructor(problems: readonly InventoryProblem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.problems = sorted;
  }
}
