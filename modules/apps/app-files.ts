import { PlanRefusedError } from '../../src/engine/module.js';
import { APP_NAME, type AppSettings } from '../../schemas/modules/apps.js';
import { MANIFEST } from './manifest.js';

export const APP_NAME_PATTERN = new RegExp(APP_NAME);

/** Compose's own default names, in the order `docker compose` looks for them. */
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
/** Names Phanes writes itself in an app's directory. */
const RESERVED = new Set(['.env', MANIFEST]);

/** An app's files (from its directory and inline), by path inside the app's directory, sorted. */
export function appFiles(name: string, app: AppSettings): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of app.dir?.files ?? []) files.set(file.path, file.content);
  for (const [path, content] of Object.entries(app.files)) {
    if (files.has(path)) throw new PlanRefusedError(`apps.apps.${name}.files: ${path} is also in ${app.dir?.source}; keep it in one place`);
    files.set(path, content);
  }
  for (const path of files.keys()) {
    if (RESERVED.has(path)) {
      throw new PlanRefusedError(`apps.apps.${name}: ${path} is written by Phanes${path === '.env' ? ' from env and secrets: move its values there' : ': rename yours'}`);
    }
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The compose file: the one named in the settings, else compose's first default name present. */
export function composeFile(name: string, app: AppSettings, files: ReadonlyMap<string, string>): string {
  if (app.compose_file !== undefined) {
    if (!files.has(app.compose_file)) throw new PlanRefusedError(`apps.apps.${name}.compose_file: ${app.compose_file} is not among the app's files; add it to dir or files`);
    return app.compose_file;
  }
  const found = COMPOSE_NAMES.find((file) => files.has(file));
  if (found === undefined) {
    throw new PlanRefusedError(`apps.apps.${name}: no compose file (${COMPOSE_NAMES.join(', ')}) among its files; add one to dir or files, or set compose_file`);
  }
  return found;
}

/** Directories the files need, relative to the root (the app's own first), parents before children. */
export function appDirectories(name: string, files: Iterable<string>): string[] {
  const dirs = new Set([name]);
  for (const path of files) {
    const parts = path.split('/').slice(0, -1);
    parts.forEach((_, i) => dirs.add(`${name}/${parts.slice(0, i + 1).join('/')}`));
  }
  return [...dirs].sort();
}
