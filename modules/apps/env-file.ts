import { createHash } from 'node:crypto';
import { PlanRefusedError } from '../../src/engine/module.js';
import { Secret } from '../../src/shell/secret.js';
import type { AppSettings } from '../../schemas/modules/apps.js';

/** An app's .env as Phanes writes it: the text (a Secret: never diffed or shown) and a digest per key. */
export interface EnvFile {
  readonly content: Secret;
  /** sha256 of the whole text: what the host's copy is compared with. */
  readonly sha256: string;
  /** Per key, sha256 of `KEY=VALUE`: recorded in the manifest so plan can name the keys that change. */
  readonly digests: ReadonlyMap<string, string>;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Renders `KEY='VALUE'` lines, sorted: single quotes keep `$`, `#` and spaces literal for both compose v2 and
 * docker-compose v1 (python-dotenv). A value with a newline or a single quote cannot be written so: refused,
 * naming the key only.
 */
export function envFile(name: string, app: AppSettings): EnvFile {
  const values = new Map<string, { value: string; secret: boolean }>();
  for (const [key, value] of Object.entries(app.env)) values.set(key, { value, secret: false });
  const sources: string[] = [];
  for (const [key, secret] of Object.entries(app.secrets)) {
    if (values.has(key)) throw new PlanRefusedError(`apps.apps.${name}: ${key} is set under env and under secrets; keep it in one of them`);
    values.set(key, { value: secret.reveal(), secret: true });
    sources.push(secret.source);
  }
  const lines: string[] = [];
  const digests = new Map<string, string>();
  for (const key of [...values.keys()].sort()) {
    const { value, secret } = values.get(key)!;
    if (/[\n\r']/.test(value)) {
      throw new PlanRefusedError(`apps.apps.${name}.${secret ? 'secrets' : 'env'}.${key}: the value holds a newline or a single quote, which a compose .env line cannot carry literally; change the value`);
    }
    const line = `${key}='${value}'`;
    lines.push(line);
    digests.set(key, sha256(line));
  }
  const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  return { content: new Secret(text, sources.length === 0 ? 'env' : sources.join(', ')), sha256: sha256(text), digests };
}

/** What changed between the keys recorded on the host and the wanted ones, for the step's title. */
export function envChanges(before: ReadonlyMap<string, string> | undefined, wanted: ReadonlyMap<string, string>): string {
  if (before === undefined) return wanted.size === 0 ? 'no keys' : `keys ${[...wanted.keys()].join(', ')}`;
  const added = [...wanted.keys()].filter((key) => !before.has(key));
  const changed = [...wanted.keys()].filter((key) => before.has(key) && before.get(key) !== wanted.get(key));
  const removed = [...before.keys()].filter((key) => !wanted.has(key));
  const parts = [
    changed.length > 0 ? `changed ${changed.join(', ')}` : '',
    added.length > 0 ? `added ${added.join(', ')}` : '',
    removed.length > 0 ? `removed ${removed.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? 'rewritten: it differs from what Phanes wrote' : parts.join('; ');
}
