import { fileFact, MAX_FACT_FILE_BYTES } from '../../src/facts/file.js';
import type { Fact } from '../../src/facts/fact.js';
import { defineModule, PlanRefusedError } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { filesSchema, type FilesSettings } from '../../schemas/modules/files.js';
import { editLines, type WantedLine } from './edit-lines.js';
import { pathKindsFact, type PathKind } from './path-kinds-fact.js';

/** The name of the fact that tells what is at every path; file facts are named by their path (always /...). */
const KINDS = 'paths';

/** Modes are compared as stat prints them, padded to four digits. */
function fourDigits(mode: string): string {
  return mode.padStart(4, '0');
}

/** Paths whose content the module reads: whole files, then files with lines, each once. */
function filePaths(settings: FilesSettings): string[] {
  return [...new Set([...settings.files.map((f) => f.path), ...settings.lines.map((l) => l.path)])];
}

function allPaths(settings: FilesSettings): string[] {
  return [...new Set([...settings.directories.map((d) => d.path), ...filePaths(settings)])];
}

/** Refuses settings that contradict themselves: one path listed twice, or as two kinds of thing. */
function checkPaths(settings: FilesSettings): void {
  const seen = new Map<string, string>();
  const claim = (path: string, as: string, once: boolean) => {
    const before = seen.get(path);
    if (before !== undefined && (before !== as || once)) {
      throw new PlanRefusedError(`files: ${path} is listed under ${before} and under ${as}; list each path once, as one kind of thing`);
    }
    seen.set(path, as);
  };
  for (const d of settings.directories) claim(d.path, 'directories', true);
  for (const f of settings.files) claim(f.path, 'files', true);
  // Several lines may go into one file.
  for (const l of settings.lines) claim(l.path, 'lines', false);
}

function compile(regexp: string, path: string): RegExp {
  try {
    return new RegExp(regexp, 'u');
  } catch (error) {
    throw new PlanRefusedError(`files.lines (${path}): regexp ${JSON.stringify(regexp)} is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** A file's path must not be a directory; lines are not edited through a symlink (the link would become a file). */
function refuseNonFile(path: string, kind: PathKind | undefined, list: 'files' | 'lines'): void {
  if (kind?.kind === 'directory') {
    throw new PlanRefusedError(`files.${list}: ${path} is a directory on the host; remove it or choose another path`);
  }
  if (kind?.kind === 'link' && list === 'lines') {
    throw new PlanRefusedError(`files.lines: ${path} is a symlink on the host; list the path of the file it points to`);
  }
}

/** Steps that make one directory exist with its mode and owner; chmod gets five digits so it can clear setgid. */
function directorySteps(wanted: FilesSettings['directories'][number], kind: PathKind | undefined): Step[] {
  const { path, owner, group } = wanted;
  const mode = fourDigits(wanted.mode);
  const chown = sh`chown ${`${owner}:${group}`} ${path}`;
  // GNU chmod keeps a directory's setgid bit for a four-digit mode; a fifth leading zero clears it too.
  const chmod = sh`chmod ${`0${mode}`} ${path}`;
  if (kind === undefined || kind.kind === 'missing') {
    return [{ kind: 'command', title: `Create the directory ${path} (${mode} ${owner}:${group})`, command: sh`mkdir -p ${path} && ${chown} && ${chmod}` }];
  }
  if (kind.kind !== 'directory') {
    throw new PlanRefusedError(`files.directories: ${path} exists on the host and is not a directory; remove it or choose another path`);
  }
  const steps: Step[] = [];
  if (kind.owner !== owner || kind.group !== group) {
    steps.push({ kind: 'command', title: `Set the owner of ${path} to ${owner}:${group} (was ${kind.owner}:${kind.group})`, command: chown });
  }
  if (kind.mode !== mode) steps.push({ kind: 'command', title: `Set the mode of ${path} to ${mode} (was ${kind.mode})`, command: chmod });
  return steps;
}

function checkSize(path: string, content: string): void {
  const bytes = Buffer.byteLength(content);
  if (bytes > MAX_FACT_FILE_BYTES) {
    throw new PlanRefusedError(`files: the content for ${path} is ${bytes} bytes; at most ${MAX_FACT_FILE_BYTES} bytes are supported (plan reads the host's copy to diff it)`);
  }
}

/** Names the line when one changes; counts them when several do. */
function linesTitle(path: string, changed: readonly string[]): string {
  return changed.length === 1 ? `Put the line ${JSON.stringify(changed[0])} in ${path}` : `Put ${changed.length} lines in ${path}`;
}

export const files = defineModule({
  name: 'files',
  description: 'Directories, whole files and single lines in files, converged exactly',
  requires: [],
  schema: filesSchema,
  facts(settings: FilesSettings) {
    const facts: Record<string, Fact<unknown>> = { [KINDS]: pathKindsFact(allPaths(settings)) };
    for (const path of filePaths(settings)) facts[path] = fileFact(path);
    return facts;
  },
  plan(settings: FilesSettings, facts) {
    checkPaths(settings);
    const kinds = facts[KINDS] as ReadonlyMap<string, PathKind>;
    const current = (path: string) => (facts[path] ?? null) as RemoteFile | null;
    const steps: Step[] = [];

    // Directories first: the files and lines below may live in them.
    for (const directory of settings.directories) steps.push(...directorySteps(directory, kinds.get(directory.path)));

    for (const file of settings.files) {
      refuseNonFile(file.path, kinds.get(file.path), 'files');
      checkSize(file.path, file.content);
      const { path, content, owner, group } = file;
      steps.push(...ensureFile({ title: `Write ${path}`, path, content, mode: fourDigits(file.mode), owner, group }, current(path)));
    }

    const byPath = new Map<string, WantedLine[]>();
    for (const entry of settings.lines) {
      const wanted = { line: entry.line, ...(entry.regexp !== undefined && { regexp: compile(entry.regexp, entry.path) }) };
      byPath.set(entry.path, [...(byPath.get(entry.path) ?? []), wanted]);
    }
    for (const [path, wanted] of byPath) {
      refuseNonFile(path, kinds.get(path), 'lines');
      const before = current(path);
      const { content, changed } = editLines(before?.content ?? '', wanted);
      checkSize(path, content);
      // An existing file keeps its mode and owner; only its content is the module's business.
      const meta = before ?? { mode: '0644', owner: 'root', group: 'root' };
      steps.push(...ensureFile({ title: linesTitle(path, changed), path, content, mode: meta.mode, owner: meta.owner, group: meta.group }, before));
    }
    return steps;
  },
});
