import { sh } from '../shell/command.js';
import type { RemoteFile } from '../engine/step.js';
import type { Fact, FactBatch, RawFact } from './fact.js';

/** Files larger than this are not read into plan (their diff would not be readable anyway). */
export const MAX_FACT_FILE_BYTES = 1024 * 1024;

/** Parses `MODE OWNER GROUP SIZE` then the base64 content on the next line; '' means no file. */
export function parseFileFact(output: string, path: string): RemoteFile | null {
  const [meta, content = ''] = output.split('\n');
  if (!meta) return null;
  const [mode, owner, group, size] = meta.split(' ');
  if (!mode || !owner || !group || size === undefined) throw new Error(`unexpected stat output for ${path}: ${meta}`);
  if (Number(size) > MAX_FACT_FILE_BYTES) throw new Error(`${path} is larger than ${MAX_FACT_FILE_BYTES} bytes`);
  return { mode: mode.padStart(4, '0'), owner, group, content: Buffer.from(content, 'base64').toString('utf8') };
}

/**
 * Every file fact of a probe in three programs (`stat`, `cat`, `base64`), however many files. It prints
 * per path `file`, `link` (a regular file through a symlink) or `none`; then each regular file's stat
 * line, as the fact's own command prints it (a link's own mode and size); when there are links, their
 * content's sizes (`- - - SIZE`, from a second `stat -L`); last the base64 of the contents no larger than
 * MAX_FACT_FILE_BYTES, concatenated: the sizes split it again.
 */
const fileBatch: FactBatch = {
  sharesShell: true,
  command: (paths) => sh`set --; links=0
for p in ${[...paths]}; do
  if [ ! -f "$p" ]; then echo none; continue; fi
  if [ -L "$p" ]; then echo link; links=1; else echo file; fi
  set -- "$@" "$p"
done
if [ $# -eq 0 ]; then :
elif meta=$(stat -c '%a %U %G %s' -- "$@") && printf '%s\\n' "$meta" &&
  if [ $links = 0 ]; then sizes=$meta; else sizes=$(stat -L -c '- - - %s' -- "$@") && printf '%s\\n' "$sizes"; fi
then
  for p; do read -r mode owner group size; shift; [ "$size" -gt ${MAX_FACT_FILE_BYTES} ] || set -- "$@" "$p"; done <<PHANES_SIZES
$sizes
PHANES_SIZES
  [ $# -eq 0 ] || cat -- "$@" | base64 -w0
else false; fi`,
  answer: (batchAnswer, all, [path]) => splitFileBatch(batchAnswer, all).get(path!)!,
};

/** The batch's answer for every path, split once however many facts ask. */
const splitAnswers = new WeakMap<RawFact, Map<string, RawFact>>();

function splitFileBatch(batchAnswer: RawFact, paths: readonly string[]): Map<string, RawFact> {
  let answers = splitAnswers.get(batchAnswer);
  if (!answers) splitAnswers.set(batchAnswer, (answers = answerEachFile(batchAnswer, paths)));
  return answers;
}

function answerEachFile(batchAnswer: RawFact, paths: readonly string[]): Map<string, RawFact> {
  const changed = () => new Error('a file changed while the probe read it; run again');
  const lines = batchAnswer.output.split('\n');
  const kinds = lines.slice(0, paths.length);
  if (batchAnswer.exitCode !== 0 || kinds.length < paths.length || kinds.some((kind) => !['file', 'link', 'none'].includes(kind))) throw changed();
  const regular = paths.filter((_, i) => kinds[i] !== 'none');
  let next = paths.length;
  const metas = lines.slice(next, (next += regular.length));
  const sizes = kinds.includes('link') ? lines.slice(next, (next += regular.length)) : metas;
  const contents = Buffer.from(lines[next] ?? '', 'base64');
  const answers = new Map<string, RawFact>(paths.map((path) => [path, { output: '', exitCode: 0 }]));
  let offset = 0;
  regular.forEach((path, i) => {
    const meta = metas[i] ?? '';
    const size = Number(sizes[i]?.split(' ')[3]);
    if (!Number.isInteger(size)) throw changed();
    if (size <= MAX_FACT_FILE_BYTES) {
      answers.set(path, { output: `${meta}\n${contents.subarray(offset, offset + size).toString('base64')}`, exitCode: 0 });
      offset += size;
    } else if (Number(meta.split(' ')[3]) > MAX_FACT_FILE_BYTES) {
      answers.set(path, { output: `${meta}\n`, exitCode: 0 }); // parseFileFact refuses it, naming the limit
    } else {
      throw new Error(`${path} is larger than ${MAX_FACT_FILE_BYTES} bytes`); // a link to a large file
    }
  });
  if (offset !== contents.length) throw changed();
  return answers;
}

/** A file's mode, owner, group and content, or null when it does not exist. */
export function fileFact(path: string): Fact<RemoteFile | null> {
  return {
    description: `file ${path}`,
    // Built only when asked for: the probe runs the batch's command, for every file at once.
    get command() {
      return sh`if [ -f ${path} ]; then stat -c '%a %U %G %s' ${path} && base64 -w0 ${path}; fi`;
    },
    parse: (output) => parseFileFact(output, path),
    batch: { with: fileBatch, items: [path] },
  };
}
