import type { ShellText } from '../shell/command.js';
import type { Secret } from '../shell/secret.js';

/** Runs a shell command on the host. */
export interface CommandStep {
  readonly kind: 'command';
  readonly title: string;
  readonly command: ShellText;
}

/** What a file looks like on the host now, as far as plan needs it. */
export interface RemoteFile {
  readonly content: string;
  readonly mode: string;
  readonly owner: string;
  readonly group: string;
}

/**
 * Writes a whole file atomically: a temp file beside the target, owner and mode set, an optional validate
 * command run on the temp file (`%s` stands for its path), then renamed into place and a service reloaded.
 */
export interface FileStep {
  readonly kind: 'file';
  readonly title: string;
  readonly path: string;
  /** A Secret when the file holds one: its content is then never shown in diffs. */
  readonly content: string | Secret;
  readonly mode: string;
  readonly owner: string;
  readonly group: string;
  /** Checks the temp file before it is moved into place, e.g. (tmp) => sh`visudo -cf ${tmp}`. */
  readonly validate?: (tempFile: ShellText) => ShellText;
  /** A systemd unit to reload (or restart when it cannot reload) after the file changed, when it runs. */
  readonly reload?: string;
  /** The file as it is now on the host, or null when it does not exist: plan diffs against it. */
  readonly current: RemoteFile | null;
}

/** One unit of change a module still needs; a module whose plan is [] is converged. */
export type Step = CommandStep | FileStep;

/** A file as a module wants it; `ensureFile` turns it into a step when the host's copy differs. */
export type WantedFile = Omit<FileStep, 'kind' | 'current'>;

/** [] when the file on the host already has this content, mode, owner and group; else one write step. */
export function ensureFile(wanted: WantedFile, current: RemoteFile | null): FileStep[] {
  const content = typeof wanted.content === 'string' ? wanted.content : wanted.content.reveal();
  const same =
    current !== null &&
    current.content === content &&
    current.mode === wanted.mode &&
    current.owner === wanted.owner &&
    current.group === wanted.group;
  return same ? [] : [{ kind: 'file', ...wanted, current }];
}
