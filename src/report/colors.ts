/** ANSI colors for terminal output, off when NO_COLOR is set or the stream is not a terminal (FORCE_COLOR wins). */
export interface Colors {
  readonly enabled: boolean;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  const enabled = env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : !('NO_COLOR' in env) && stream.isTTY === true;
  const paint = (code: number, reset: number) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[${reset}m` : text);
  return {
    enabled,
    green: paint(32, 39),
    yellow: paint(33, 39),
    red: paint(31, 39),
    cyan: paint(36, 39),
    dim: paint(2, 22),
    bold: paint(1, 22),
  };
}

/** Removes ANSI color codes (for measuring column widths). */
export function stripColors(text: string): string {
  return text.replace(/\u001b\[\d+m/g, '');
}
