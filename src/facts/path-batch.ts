import { sh } from '../shell/command.js';
import type { FactBatch, RawFact } from './fact.js';
import { printedByPrintFile } from './print-file.js';

/** Files larger than this are not read into plan (their diff would not be readable anyway). */
export const MAX_FACT_FILE_BYTES = 1024 * 1024;

/**
 * What a fact asks the path batch about a path; an item is this letter followed by the path.
 * - `f`: a file fact: the file's `stat` line and its content.
 * - `d`: a path kind: directory (mode and owner, through symlinks), symlink, other or missing.
 * - `m`: modification times of what a pattern matches.
 * - `l`: a symlink's target, as `readlink` prints it.
 * `m` and `l` paths stand unquoted in the command: they are the probe's own constants (CONSTANT_PATH),
 * never paths from settings.
 */
type ItemKind = 'f' | 'd' | 'm' | 'l';

const ORDER: readonly ItemKind[] = ['f', 'd', 'm', 'l'];

/** What an `m` or `l` path may hold: nothing the shell would split or quote. */
const CONSTANT_PATH = /^[\w./*+-]+$/;

/** Items in the order the command asks about them: files first, so their contents can be cut apart. */
function ordered(items: readonly string[]): string[] {
  for (const item of items) {
    if ((item[0] === 'm' || item[0] === 'l') && !CONSTANT_PATH.test(item.slice(1))) throw new Error(`path batch: ${item.slice(1)} cannot stand unquoted`);
  }
  return ORDER.flatMap((kind) => items.filter((item) => item[0] === kind));
}

/**
 * Every file, directory, modification-time and symlink fact of a probe in two programs (`stat`, `cat`),
 * however many paths. It prints one line per item: for a file `file`, `link` (a regular file through a
 * symlink) or `none`; for a path kind `dir`, `dirlink`, `link`, `other` or `missing`; for a pattern
 * `found` per match, then `end`; for a symlink `link` or `none`. Then one `stat` line per file, directory,
 * match and symlink (`MODE OWNER GROUP SIZE MTIME NAME`, links not followed, the name C-quoted with its
 * target: `"NAME" -> "TARGET"`, so a name never spans lines); when a file or directory is a symlink, the
 * first five fields through the links for the files and directories (a second `stat -L`); then for each
 * file whose size is 0, its own base64 line (files in /proc and /sys say 0 and have content); last the
 * other files' contents no larger than MAX_FACT_FILE_BYTES, raw and concatenated: the sizes split them.
 */
export const pathBatch: FactBatch = {
  sharesShell: true,
  bytes: true,
  command: (items) => sh`set --; extra=; links=0; files=0
for i in ${ordered(items)}; do
  p=\${i#?}
  case $i in
  f*) if [ ! -f "$p" ]; then echo none; continue; fi
    files=$((files + 1))
    if [ -L "$p" ]; then echo link; links=1; else echo file; fi ;;
  d*) if [ ! -d "$p" ]; then
      if [ -L "$p" ]; then echo link; elif [ -e "$p" ]; then echo other; else echo missing; fi
      continue
    fi
    if [ -L "$p" ]; then echo dirlink; links=1; else echo dir; fi ;;
  m*) for q in $p; do
      case $q in *[!A-Za-z0-9_./+-]*) ;; *) if [ -e "$q" ]; then echo found; extra="$extra $q"; fi ;; esac
    done
    echo end; continue ;;
  *) if [ -L "$p" ]; then echo link; extra="$extra $p"; else echo none; fi
    continue ;;
  esac
  set -- "$@" "$p"
done
if [ $# -eq 0 ] && [ -z "$extra" ]; then :
elif meta=$(QUOTING_STYLE=c stat -c '%a %U %G %s %Y %N' -- "$@" $extra) && printf '%s\\n' "$meta" &&
  if [ $links = 0 ]; then sizes=$meta; else sizes=$(stat -L -c '%a %U %G %s %Y' -- "$@") && printf '%s\\n' "$sizes"; fi
then
  for p; do
    read -r mode owner group size mtime; shift
    [ $files -gt 0 ] || continue
    files=$((files - 1))
    if [ "$size" -eq 0 ]; then base64 -w0 -- "$p"; echo
    elif [ "$size" -le ${MAX_FACT_FILE_BYTES} ]; then set -- "$@" "$p"; fi
  done <<PHANES_SIZES
$sizes
PHANES_SIZES
  [ $# -eq 0 ] || cat -- "$@" || :
else false; fi`,
  answer: (batchAnswer, all, items) => {
    const answers = splitPathBatch(batchAnswer, all);
    const each = items.map((item) => answers.get(item)!);
    const failed = each.find((answer) => answer instanceof Error);
    if (failed) throw failed;
    const outputs = each as ItemAnswer[];
    switch (items[0]![0] as ItemKind) {
      case 'f':
        return { output: outputs[0]!.output, exitCode: 0 };
      case 'd':
        return { output: outputs.map((answer) => `${answer.output}\n`).join(''), exitCode: 0 };
      case 'm': {
        // As `stat -c %Y NOW PATTERN...` prints: nothing without the first, exit 1 when a pattern matched nothing.
        const [now, ...patterns] = outputs.map((answer) => answer.mtimes ?? []);
        if (now!.length === 0) return { output: '', exitCode: 1 };
        const mtimes = [now!, ...patterns].flat();
        return { output: mtimes.map((mtime) => `${mtime}\n`).join(''), exitCode: patterns.every((found) => found.length > 0) ? 0 : 1 };
      }
      case 'l': {
        // As `printf '%s\n' "$(readlink LINK)"`, then printFile of each file item: fails when the last is missing.
        const [link, ...files] = outputs;
        const printed = files.map((file) => printedByPrintFile(file.content?.toString('utf8') ?? ''));
        return { output: `${link!.output}\n${printed.join('')}`, exitCode: files.at(-1)?.output === '' ? 1 : 0 };
      }
    }
  },
};

/** One item's part of the answer: its own form, and for a file its content, for a pattern its times. */
interface ItemAnswer {
  readonly output: string;
  readonly content?: Buffer;
  readonly mtimes?: readonly string[];
}

/** A file item's answer, in the file fact's form: its stat line, then its content in base64. */
function fileAnswer(meta: string, content: Buffer): ItemAnswer {
  return { output: `${meta}\n${content.toString('base64')}`, content };
}

/** The batch's answer for every item, split once however many facts ask. */
const splitAnswers = new WeakMap<RawFact, Map<string, ItemAnswer | Error>>();

function splitPathBatch(batchAnswer: RawFact, items: readonly string[]): Map<string, ItemAnswer | Error> {
  let answers = splitAnswers.get(batchAnswer);
  if (!answers) splitAnswers.set(batchAnswer, (answers = answerEachItem(batchAnswer, ordered(items))));
  return answers;
}

/** A path the batch ran `stat` on, with the item it answers. */
interface Statted {
  readonly item: string;
  readonly kind: string;
}

/**
 * Each item's answer, or the Error that keeps it from being answered. Contents that do not add up to the
 * sizes `stat` gave (a file changed between the two, or could not be read) fail every file of the
 * concatenation, naming them: which one is off cannot be told. (Two files changing at that instant by
 * exactly opposite sizes would go unnoticed.)
 */
function answerEachItem(batchAnswer: RawFact, items: readonly string[]): Map<string, ItemAnswer | Error> {
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

  // The first lines: what each item is, and which paths went to stat, in order.
  const kinds: (string | undefined)[] = [];
  const statted: Statted[] = [];
  for (const item of items) {
    if (item[0] !== 'm') {
      const kind = line();
      kinds.push(kind);
      if (kind === 'file' || kind === 'dir' || kind === 'dirlink' || (kind === 'link' && item[0] !== 'd')) statted.push({ item, kind });
      continue;
    }
    let kind = line();
    for (; kind === 'found'; kind = line()) statted.push({ item, kind });
    kinds.push(kind);
  }
  const files = items.filter((item, i) => item[0] === 'f' && (kinds[i] === 'file' || kinds[i] === 'link')).map((item) => item.slice(1));
  const expected = { f: ['file', 'link', 'none'], d: ['dir', 'dirlink', 'link', 'other', 'missing'], m: ['end'], l: ['link', 'none'] };
  const valid = items.every((item, i) => expected[item[0] as ItemKind].includes(kinds[i]!));
  if (batchAnswer.exitCode !== 0 || !valid) {
    const failed = new Error(`the files could not be read (${(files.length > 0 ? files : items.map((item) => item.slice(1))).join(', ')}); run again`);
    return new Map(items.map((item) => [item, failed]));
  }

  const answers = new Map<string, ItemAnswer | Error>();
  items.forEach((item, i) => {
    if (item[0] === 'd' && kinds[i] !== 'dir' && kinds[i] !== 'dirlink') answers.set(item, { output: kinds[i]! });
    else if ((item[0] === 'f' || item[0] === 'l') && kinds[i] === 'none') answers.set(item, { output: '' });
  });
  const fields = (text: string | undefined) => (text ?? '').split(' ');
  const metas = statted.map(() => fields(line()));
  // The second stat (through links) covers the files and directories only: they come first.
  const throughLinks = statted.filter(({ item }) => item[0] === 'f' || item[0] === 'd');
  const follows = throughLinks.some(({ kind }) => kind === 'link' || kind === 'dirlink') ? throughLinks.map(() => fields(line())) : metas;
  const sane = (meta: string[], count: number) => meta.length >= count && Number.isInteger(Number(meta[3]));
  if (metas.some((meta) => !sane(meta, 6)) || follows.slice(0, throughLinks.length).some((meta) => !sane(meta, 5))) {
    const unreadable = new Error(`a file changed while the probe read it, or could not be read (${(files.length > 0 ? files : items.map((item) => item.slice(1))).join(', ')}); run again`);
    for (const { item } of statted) answers.set(item, unreadable);
    for (const item of items) if (item[0] === 'm') answers.set(item, unreadable);
    return answers;
  }

  const mtimes = new Map<string, string[]>(items.filter((item) => item[0] === 'm').map((item) => [item, []]));
  /** Indexes (into `statted`) of the files whose contents come concatenated. */
  const concatenated: number[] = [];
  const sizeOf = (i: number) => Number(follows[i]![3]);
  statted.forEach(({ item, kind }, i) => {
    const [mode, owner, group, size, mtime] = metas[i]!;
    if (item[0] === 'm') return void mtimes.get(item)!.push(mtime!);
    if (item[0] === 'l') {
      const target = linkTarget(metas[i]!.slice(5).join(' '));
      return void answers.set(item, target === undefined ? new Error(`${item.slice(1)} changed while the probe read it; run again`) : { output: target });
    }
    if (item[0] === 'd') {
      const [targetMode, targetOwner, targetGroup] = kind === 'dirlink' ? follows[i]! : metas[i]!;
      return void answers.set(item, { output: `directory ${targetMode} ${targetOwner} ${targetGroup}` });
    }
    const meta = `${mode} ${owner} ${group} ${size}`;
    if (sizeOf(i) === 0) answers.set(item, fileAnswer(meta, Buffer.from(line() ?? '', 'base64')));
    else if (sizeOf(i) <= MAX_FACT_FILE_BYTES) concatenated.push(i);
    else if (Number(size) > MAX_FACT_FILE_BYTES) answers.set(item, { output: `${meta}\n` }); // parseFileFact refuses it, naming the limit
    else answers.set(item, new Error(`${item.slice(1)} is larger than ${MAX_FACT_FILE_BYTES} bytes`)); // a link to a large file
  });
  for (const [item, found] of mtimes) answers.set(item, { output: '', mtimes: found });

  const contents = Buffer.from(bytes.slice(at), 'latin1');
  if (concatenated.reduce((sum, i) => sum + sizeOf(i), 0) !== contents.length) {
    const changed = new Error(`a file changed while the probe read it, or could not be read (${concatenated.map((i) => statted[i]!.item.slice(1)).join(', ')}); run again`);
    for (const i of concatenated) answers.set(statted[i]!.item, changed);
    return answers;
  }
  let offset = 0;
  for (const i of concatenated) {
    const [mode, owner, group, size] = metas[i]!;
    answers.set(statted[i]!.item, fileAnswer(`${mode} ${owner} ${group} ${size}`, contents.subarray(offset, (offset += sizeOf(i)))));
  }
  return answers;
}

/** The target in `"NAME" -> "TARGET"`, as stat's %N prints a symlink with QUOTING_STYLE=c; undefined if no link. */
export function linkTarget(quoted: string): string | undefined {
  const strings: string[] = [];
  let at = 0;
  while (at < quoted.length && strings.length < 2) {
    if (quoted[at] !== '"') return undefined;
    const bytes: number[] = [];
    for (at++; at < quoted.length && quoted[at] !== '"'; at++) {
      if (quoted[at] !== '\\') {
        bytes.push(...Buffer.from(quoted[at]!, 'utf8'));
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(quoted.slice(at + 1))?.[0];
      if (octal) {
        bytes.push(parseInt(octal, 8));
        at += octal.length;
      } else {
        const next = quoted[++at]!;
        bytes.push((C_ESCAPES[next] ?? next).charCodeAt(0));
      }
    }
    strings.push(Buffer.from(bytes).toString('utf8'));
    at++; // the closing quote
    if (strings.length === 1) {
      if (!quoted.startsWith(' -> ', at)) return undefined;
      at += 4;
    }
  }
  return strings.length === 2 && at === quoted.length ? strings[1] : undefined;
}

const C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
