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
 * Every file fact of a probe in two programs (`stat`, `cat`), however many files. It prints per path
 * `file`, `link` (a regular file through a symlink) or `none`; then each regular file's stat line, as the
 * fact's own command prints it (a link's own mode and size); when there are links, their content's sizes
 * (`- - - SIZE`, from a second `stat -L`); then, for each file whose size is 0, its own base64 line (files
 * in /proc and /sys say 0 and have content); last the other contents no larger than MAX_FACT_FILE_BYTES,
 * raw and concatenated: the sizes split them again.
 */
const fileBatch: FactBatch = {
  sharesShell: true,
  bytes: true,
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
  for p; do
    read -r mode owner group size; shift
    if [ "$size" -eq 0 ]; then base64 -w0 -- "$p"; echo
    elif [ "$size" -le ${MAX_FACT_FILE_BYTES} ]; then set -- "$@" "$p"; fi
  done <<PHANES_SIZES
$sizes
PHANES_SIZES
  [ $# -eq 0 ] || cat -- "$@" || :
else false; fi`,
  answer: (batchAnswer, all, [path]) => {
    const answer = splitFileBatch(batchAnswer, all).get(path!)!;
    if (answer instanceof Error) throw answer;
    return answer;
  },
};

/** The batch's answer for every path, split once however many facts ask. */
const splitAnswers = new WeakMap<RawFact, Map<string, RawFact | Error>>();

function splitFileBatch(batchAnswer: RawFact, paths: readonly string[]): Map<string, RawFact | Error> {
  let answers = splitAnswers.get(batchAnswer);
  if (!answers) splitAnswers.set(batchAnswer, (answers = answerEachFile(batchAnswer, paths)));
  return answers;
}

/**
 * Each path's answer, or the Error that keeps only that path from being answered. Contents that do not
 * add up to the sizes `stat` gave (a file changed between the two, or could not be read) fail every file
 * of the concatenation, naming them: which one is off cannot be told. (Two files changing at that instant
 * by exactly opposite sizes would go unnoticed.)
 */
function answerEachFile(batchAnswer: RawFact, paths: readonly string[]): Map<string, RawFact | Error> {
  const bytes = batchAnswer.output; // one character per byte
  let at = 0;
  /** The next line of the text before the contents (undefined past its end), as UTF-8 (owner names). */
  const line = (): string | undefined => {
    const end = bytes.indexOf('\n', at);
    if (end < 0) return undefined;
    const text = Buffer.from(bytes.slice(at, end), 'latin1').toString('utf8');
    at = end + 1;
    return text;
  };
  const lines = (count: number) => Array.from({ length: count }, line);
  const kinds = lines(paths.length);
  const regular = paths.filter((_, i) => kinds[i] === 'file' || kinds[i] === 'link');
  if (batchAnswer.exitCode !== 0 || kinds.some((kind) => kind !== 'file' && kind !== 'link' && kind !== 'none')) {
    const failed = new Error(`the files could not be read (${regular.join(', ') || paths.join(', ')}); run again`);
    return new Map(paths.map((path) => [path, failed]));
  }
  const metas = lines(regular.length);
  const sizes = (kinds.includes('link') ? lines(regular.length) : metas).map((text) => Number(text?.split(' ')[3]));
  const answers = new Map<string, RawFact | Error>(paths.map((path) => [path, { output: '', exitCode: 0 }]));
  if (sizes.some((size) => !Number.isInteger(size))) {
    const unreadable = new Error(`a file changed while the probe read it, or could not be read (${regular.join(', ')}); run again`);
    for (const path of regular) answers.set(path, unreadable);
    return answers;
  }
  /** Indexes (into `regular`) of the files whose contents come concatenated. */
  const concatenated: number[] = [];
  regular.forEach((path, i) => {
    const meta = metas[i] ?? '';
    const size = sizes[i]!;
    if (size === 0) answers.set(path, { output: `${meta}\n${line() ?? ''}`, exitCode: 0 });
    else if (size <= MAX_FACT_FILE_BYTES) concatenated.push(i);
    else if (Number(meta.split(' ')[3]) > MAX_FACT_FILE_BYTES) answers.set(path, { output: `${meta}\n`, exitCode: 0 }); // parseFileFact refuses it, naming the limit
    else answers.set(path, new Error(`${path} is larger than ${MAX_FACT_FILE_BYTES} bytes`)); // a link to a large file
  });
  const contents = Buffer.from(bytes.slice(at), 'latin1');
  if (concatenated.reduce((sum, i) => sum + sizes[i]!, 0) !== contents.length) {
    const changed = new Error(`a file changed while the probe read it, or could not be read (${concatenated.map((i) => regular[i]).join(', ')}); run again`);
    for (const i of concatenated) answers.set(regular[i]!, changed);
    return answers;
  }
  let offset = 0;
  for (const i of concatenated) {
    answers.set(regular[i]!, { output: `${metas[i]}\n${contents.subarray(offset, (offset += sizes[i]!)).toString('base64')}`, exitCode: 0 });
  }
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
