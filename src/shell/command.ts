import { MASK, Secret } from './secret.js';
import { quote } from './quote.js';

/**
 * Shell text that is safe to run: every interpolated value was quoted. `text` is what runs; `shown` is
 * the same with every secret masked, for plan output, logs and errors.
 */
export interface ShellText {
  readonly text: string;
  readonly shown: string;
  readonly secrets: readonly Secret[];
}

/** A value `sh` accepts: words are quoted, arrays spread one word each, ShellText is inserted as it is. */
export type ShellValue = string | number | Secret | ShellText | readonly (string | number | Secret)[];

function isShellText(value: unknown): value is ShellText {
  return typeof value === 'object' && value !== null && 'text' in value && 'shown' in value && 'secrets' in value;
}

function word(value: string | number | Secret): { text: string; shown: string; secret?: Secret } {
  if (value instanceof Secret) return { text: quote(value.reveal()), shown: MASK, secret: value };
  const text = quote(String(value));
  return { text, shown: text };
}

/**
 * Tagged template for shell commands: `sh\`useradd -m ${name}\`` quotes `name`; arrays become one word
 * per element; nested ShellText is kept as it is. Literal parts follow JavaScript's rules (`\\n` is a newline:
 * write `\\\\n` for printf). The only way (besides `raw`) to build shell text.
 */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): ShellText {
  const parts = strings;
  let text = parts[0] ?? '';
  let shown = text;
  const secrets: Secret[] = [];
  values.forEach((value, i) => {
    if (isShellText(value)) {
      text += value.text;
      shown += value.shown;
      secrets.push(...value.secrets);
    } else {
      const words = (Array.isArray(value) ? value : [value]) as readonly (string | number | Secret)[];
      const rendered = words.map(word);
      text += rendered.map((w) => w.text).join(' ');
      shown += rendered.map((w) => w.shown).join(' ');
      for (const w of rendered) if (w.secret) secrets.push(w.secret);
    }
    const tail = parts[i + 1] ?? '';
    text += tail;
    shown += tail;
  });
  return { text, shown, secrets };
}

/** Trusted shell text, inserted unquoted. Only for code inside src/shell/ (scripts it writes itself). */
export function raw(text: string): ShellText {
  return { text, shown: text, secrets: [] };
}

/** Joins pieces of shell text with a separator (for example '\n' or ' && '). */
export function join(parts: readonly ShellText[], separator: string): ShellText {
  return {
    text: parts.map((p) => p.text).join(separator),
    shown: parts.map((p) => p.shown).join(separator),
    secrets: parts.flatMap((p) => p.secrets),
  };
}
