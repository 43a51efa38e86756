/** A command-line choice (`--limit`, `--profile`, `--modules`) that names nothing in the inventory. */
export interface SelectionProblem {
  readonly option: '--limit' | '--profile' | '--modules';
  /** The name as given. */
  readonly value: string;
  readonly message: string;
  readonly hint?: string;
}

/** `--limit web3: no host or group has this name (did you mean "web1"?)`, one line per problem. */
export function formatSelectionProblem(problem: SelectionProblem): string {
  const text = `${problem.option} ${problem.value}: ${problem.message}`;
  return problem.hint === undefined ? text : `${text} (${problem.hint})`;
}

/** Thrown when a command-line selection cannot be applied; the CLI reports it as bad usage. */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
  readonly problems: readonly SelectionProblem[];

  constructor(problems: readonly SelectionProblem[]) {
    super(problems.map(formatSelectionProblem).join('\n'));
    this.problems = problems;
  }
}

/** A SelectionProblem, leaving `hint` out when there is none. */
export function selectionProblem(option: SelectionProblem['option'], value: string, message: string, hint: string | undefined): SelectionProblem {
  return hint === undefined ? { option, value, message } : { option, value, message, hint };
}
