import { sh, type ShellText } from '../../src/shell/command.js';

export type PullPolicy = 'missing' | 'always' | 'never';

/**
 * Runs compose v2 (`docker compose`, Docker's plugin or Debian 13's docker-compose) when the host has it, else
 * docker-compose v1 (Debian 12's docker-compose 1.29). Each gets the project name and the compose file, from
 * the app's directory (so compose reads its .env there).
 */
function eitherCompose(dir: string, project: string, file: string, v2: ShellText, v1: ShellText): ShellText {
  return sh`cd ${dir}
if docker compose version >/dev/null 2>&1; then docker compose -p ${project} -f ${file} ${v2}
else docker-compose -p ${project} -f ${file} ${v1}; fi`;
}

/**
 * `up -d --remove-orphans` with the pull policy: v2 takes `--pull`; v1 has none, so `always` runs `pull`
 * first and `never` cannot be enforced (v1 pulls an image that is missing).
 */
export function composeUp(dir: string, project: string, file: string, pull: PullPolicy): ShellText {
  const v2 = sh`up -d --remove-orphans --pull ${pull}`;
  const v1 =
    pull === 'always'
      ? sh`pull && docker-compose -p ${project} -f ${file} up -d --remove-orphans`
      : sh`up -d --remove-orphans`;
  return eitherCompose(dir, project, file, v2, v1);
}

/** `down --remove-orphans`: the project's containers and networks go; named volumes stay. */
export function composeDown(dir: string, project: string, file: string): ShellText {
  return eitherCompose(dir, project, file, sh`down --remove-orphans`, sh`down --remove-orphans`);
}
