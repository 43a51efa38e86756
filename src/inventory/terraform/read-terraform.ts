import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseOutputJson, parseStateFile, TerraformSourceError, type TerraformOutputs } from './terraform-outputs.js';

/** Where an inventory's outputs come from: exactly one of dir, state and outputs (absolute paths). */
export interface TerraformSource {
  /** A configuration directory: `output -json` runs there when a tool is installed, else its terraform.tfstate is read. */
  readonly dir?: string;
  /** A state file (version 4). */
  readonly state?: string;
  /** A saved `output -json`. */
  readonly outputs?: string;
  /** The tool to run in dir; default: tofu, else terraform, whichever is installed. */
  readonly command?: 'tofu' | 'terraform';
  /** Seconds the command may take. */
  readonly timeout: number;
  readonly env: NodeJS.ProcessEnv;
}

/** A state or output file is JSON text, not a database: anything larger is the wrong file. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The first of `names` that is an executable file on PATH. */
export function findTool(names: readonly string[], path: string | undefined): string | undefined {
  for (const name of names) {
    for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        if (statSync(join(dir, name)).isFile()) return name;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function readFile(path: string, what: string, hint: string): string {
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new TerraformSourceError(`${what} ${path} is larger than 64 MiB`, hint);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof TerraformSourceError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new TerraformSourceError(`${what} ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`}`, hint);
  }
}

/**
 * Runs `TOOL output -json` in dir: no shell, its own directory, a time limit; stderr becomes the message.
 * Synchronous, like the rest of the inventory's reading, so that the TUI validates an edit at once.
 */
function runOutput(tool: string, dir: string, source: TerraformSource): TerraformOutputs {
  const origin = `\`${tool} output -json\` in ${dir}`;
  let stdout: string;
  try {
    stdout = execFileSync(tool, ['output', '-json', '-no-color'], {
      cwd: dir,
      timeout: source.timeout * 1000,
      maxBuffer: MAX_FILE_BYTES,
      env: { ...source.env, TF_IN_AUTOMATION: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; signal?: string | null };
    const why = failure.code === 'ETIMEDOUT' || failure.signal === 'SIGTERM' ? `did not finish within ${source.timeout} s` : `failed: ${String(failure.stderr ?? '').trim().split('\n').slice(0, 6).join(' ') || failure.message}`;
    throw new TerraformSourceError(`${origin} ${why}`, `run \`${tool} init\` there first, or point terraform.state at a state file`);
  }
  return parseOutputJson(stdout, origin);
}

/** Reads the outputs the source names; throws TerraformSourceError with what to do. */
export function readTerraformOutputs(source: TerraformSource): TerraformOutputs {
  if (source.state !== undefined) return parseStateFile(readFile(source.state, 'state file', 'write it with `tofu state pull > FILE` or point terraform.state at the right file'), source.state);
  if (source.outputs !== undefined) return parseOutputJson(readFile(source.outputs, 'outputs file', 'write it with `tofu output -json > FILE`'), source.outputs);
  const dir = source.dir as string;
  if (!existsSync(dir)) throw new TerraformSourceError(`directory ${dir} does not exist`, 'terraform.dir is the configuration directory, relative to the inventory');
  const tool = findTool(source.command !== undefined ? [source.command] : ['tofu', 'terraform'], source.env['PATH']);
  if (tool !== undefined) return runOutput(tool, dir, source);
  if (source.command !== undefined) throw new TerraformSourceError(`${source.command} is not installed (not on PATH)`, 'install it, or leave terraform.command out to use whichever of tofu and terraform is installed');
  const state = join(dir, 'terraform.tfstate');
  if (existsSync(state)) return parseStateFile(readFile(state, 'state file', ''), state);
  throw new TerraformSourceError(
    `neither tofu nor terraform is installed, and ${dir} has no terraform.tfstate`,
    'install one of them, or save the state (`tofu state pull > FILE`) or the outputs (`tofu output -json > FILE`) and point terraform.state or terraform.outputs at it',
  );
}
