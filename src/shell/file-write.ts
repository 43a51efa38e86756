import { createHash } from 'node:crypto';
import type { FileStep } from '../engine/step.js';
import { join, raw, sh, type ShellText } from './command.js';
import { MASK, Secret } from './secret.js';

/** The temp file's path inside a file-write script, for validate commands. */
export const TEMP_FILE: ShellText = raw('"$phanes_tmp"');

function base64Word(content: string | Secret): ShellText {
  if (content instanceof Secret) {
    const encoded = new Secret(Buffer.from(content.reveal()).toString('base64'), content.source);
    return sh`${encoded}`;
  }
  return sh`${Buffer.from(content).toString('base64')}`;
}

/** Names a target's temp files: the same target, the same tag, whichever run made them. */
const tempTag = (path: string) => createHash('sha256').update(path).digest('hex').slice(0, 8);

/**
 * Writes a file atomically: a temp file in the target's directory (so the rename cannot cross file
 * systems), owner and mode set before the content is visible, validated, synced, renamed, then the service
 * reloaded. Content travels base64-encoded inside the script (on stdin), never in argv.
 */
export function renderFileWrite(step: FileStep): ShellText {
  const dir = step.path.replace(/\/[^/]*$/, '') || '/';
  const lines: ShellText[] = [
    // The temp file is named before it exists and made by the shell itself (noclobber: O_EXCL, no link
    // followed), so a step stopped (TERM) at any point removes it: with mktemp, a TERM between the file's
    // creation and its name's return left it behind. $$ (the script's shell) keeps concurrent runs apart.
    // A temp file of this target left by a run killed outright (KILL: nothing could clean up) goes first.
    join([sh`rm -f ${`${dir}/`}`, raw(`.phanes-*-${tempTag(step.path)}`)], ''),
    join([raw('phanes_tmp='), sh`${`${dir}/.phanes-`}`, raw('$$'), sh`${`-${tempTag(step.path)}`}`], ''),
    raw(`trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM`),
    raw('set -C; : > "$phanes_tmp"; set +C'),
    // One command per line: under `set -e` a failure inside an && list would not stop the script.
    sh`chown ${`${step.owner}:${step.group}`} "$phanes_tmp"`,
    sh`chmod ${step.mode} "$phanes_tmp"`,
    join([sh`printf '%s' `, base64Word(step.content), sh` | base64 -d > "$phanes_tmp"`], ''),
  ];
  if (step.validate) lines.push(step.validate(TEMP_FILE));
  // -T: when PATH is a directory, fail rather than drop the file inside it.
  lines.push(sh`sync "$phanes_tmp"`, sh`mv -fT "$phanes_tmp" ${step.path}`, raw('trap - EXIT TERM'));
  // try-: a service stopped on purpose stays stopped (its health check reports it), a running one reloads.
  if (step.reload) lines.push(sh`systemctl try-reload-or-restart ${step.reload}`);
  return join(lines, '\n');
}

/** What plan shows instead of a secret file's diff. */
export const SECRET_CONTENT_NOTE = `(content holds a secret: not shown) ${MASK}`;
