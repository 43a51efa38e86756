import { sh } from '../shell/command.js';
import type { Fact, FactBatch } from './fact.js';

/** Installed version of each asked package; absent from the map when not installed. */
export type PackageVersions = ReadonlyMap<string, string>;

/** Parses `NAME<TAB>STATUS<TAB>VERSION` lines (dpkg-query's `${Package}\t${db:Status-Status}\t${Version}`). */
export function parsePackages(output: string): PackageVersions {
  const installed = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [name, status, version] = line.split('\t');
    if (name && status === 'installed' && version) installed.set(name.replace(/:.*$/, ''), version);
  }
  return installed;
}

/** dpkg-query expands the \\t and \\n escapes itself. */
const DPKG_FORMAT = '${Package}\\t${db:Status-Status}\\t${Version}\\n';

/**
 * The same lines as dpkg-query, read straight from dpkg's status file by awk: a fifth of dpkg-query's
 * cost on every probe (it loads its whole database). One record per stanza (RS = ""), whose first line
 * is always `Package: NAME`: only the asked stanzas are split into lines. Status is `want flag status`.
 */
const STATUS_AWK = `BEGIN { RS = "" }
substr($0, 1, 9) == "Package: " && index(names, " " substr($0, 10, index($0, "\\n") - 10) " ") {
  s = ""; v = ""; n = split($0, line, "\\n")
  for (i = 2; i <= n; i++) {
    if (substr(line[i], 1, 8) == "Status: ") { split(line[i], word, " "); s = word[4] }
    else if (substr(line[i], 1, 9) == "Version: ") v = substr(line[i], 10)
  }
  printf "%s\\t%s\\t%s\\n", substr(line[1], 10), s, v
}`;

/**
 * Every module's packages in one query. dpkg-query is the fallback when the status file alone is not the
 * whole truth: dpkg's journal (updates/) holds changes of an interrupted run not yet merged into it.
 * dpkg-query exits 1 when a name is unknown to it; the others are still listed.
 */
const packageBatch: FactBatch = {
  sharesShell: true,
  command: (names) => sh`set -- /var/lib/dpkg/updates/[0-9]*
if [ -e "$1" ] || [ ! -f /var/lib/dpkg/status ]; then dpkg-query -W -f ${DPKG_FORMAT} ${[...names]} 2>/dev/null || true
else awk -v names=${` ${names.join(' ')} `} ${STATUS_AWK} /var/lib/dpkg/status; fi`,
  answer: (batchAnswer, _all, names) => {
    // Unread, every package would look missing and plan would install them all.
    if (batchAnswer.exitCode !== 0) throw new Error(`dpkg's status file could not be read (exit ${batchAnswer.exitCode})`);
    const lines = batchAnswer.output.split('\n').filter((line) => names.includes(line.split('\t')[0]!.replace(/:.*$/, '')));
    return { output: lines.map((line) => `${line}\n`).join(''), exitCode: 0 };
  },
};

/** Which of `names` are installed (dpkg's view), with versions. */
export function packagesFact(names: readonly string[]): Fact<PackageVersions> {
  const description = `packages ${names.join(' ')}`;
  // With no names dpkg-query would list every package.
  if (names.length === 0) return { description, command: sh`true`, parse: () => new Map(), sharesShell: true };
  return {
    description,
    // Built only when asked for: the probe runs the batch's command, for every module's packages at once.
    get command() {
      return packageBatch.command(names);
    },
    parse: (output) => parsePackages(output),
    sharesShell: true,
    batch: { with: packageBatch, items: names },
  };
}
