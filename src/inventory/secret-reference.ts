import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Secret } from '../shell/secret.js';
import type { ProblemText } from './node-locator.js';
import type { TerraformOutputs } from './terraform/terraform-outputs.js';

/** Secret files are passwords and tokens, not data; anything larger is the wrong file. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** Where secret references are looked up. */
export interface SecretSources {
  /** The inventory's directory: `${file:PATH}` starts there. */
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** What `~` means in `${file:~/...}`. */
  readonly home: string;
  /** Files already read in this load, by absolute path (a group's secret is read once, not per host). */
  readonly files: Map<string, { value: string } | { problem: ProblemText }>;
  /** The outputs of the inventory's `terraform:` section, for `${terraform:NAME}`. */
  readonly terraform?: TerraformOutputs;
}

/** A resolved secret (with a warning when it was written in the inventory), or why it cannot be. */
export type SecretResolution =
  | { readonly secret: Secret; readonly warning?: ProblemText }
  | { readonly problem: ProblemText };

const REFERENCE = /^\$\{([A-Za-z]+):(.*)\}$/s;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Expands `~` and makes a path relative to the inventory's directory absolute. */
export function resolveUserPath(path: string, sources: Pick<SecretSources, 'dir' | 'home'>): string {
  if (path === '~') return sources.home;
  if (path.startsWith('~/')) return resolve(sources.home, path.slice(2));
  return isAbsolute(path) ? path : resolve(sources.dir, path);
}

/**
 * Turns a secret field's text into a Secret: `${env:NAME}`, `${file:PATH}` (one trailing newline
 * dropped), or the text itself with a warning. Messages name variables and files, never the value.
 */
export function resolveSecretReference(text: string, sources: SecretSources): SecretResolution {
  const match = REFERENCE.exec(text);
  if (match === null) {
    return {
      secret: new Secret(text, 'literal'),
      warning: { message: 'literal secret in the inventory', hint: 'move it to ${env:NAME} or ${file:PATH}' },
    };
  }
  const kind = match[1] ?? '';
  const target = match[2] ?? '';
  if (kind === 'env') return fromEnv(target, sources.env);
  if (kind === 'file') return fromFile(target, sources);
  if (kind === 'terraform') return fromTerraform(target, sources.terraform);
  return { problem: { message: `unknown secret reference "\${${kind}:...}"`, hint: 'write ${env:NAME}, ${file:PATH} or ${terraform:OUTPUT}' } };
}

function fromEnv(name: string, env: NodeJS.ProcessEnv): SecretResolution {
  if (!ENV_NAME.test(name)) {
    return { problem: { message: 'the ${env:NAME} reference needs a variable name', hint: 'letters, digits and _, e.g. ${env:SUDO_PASSWORD}' } };
  }
  const value = env[name];
  if (value === undefined) {
    return { problem: { message: `environment variable ${name} is not set`, hint: `export ${name} before running phanes, or use \${file:PATH}` } };
  }
  return { secret: new Secret(value, `env:${name}`) };
}

/** An OpenTofu/Terraform output's value (a string, number or bool), sensitive or not, as a Secret. */
function fromTerraform(name: string, terraform: TerraformOutputs | undefined): SecretResolution {
  if (terraform === undefined) {
    return { problem: { message: `\${terraform:${name}} needs the inventory's terraform section`, hint: 'add terraform: with dir, state or outputs (docs/terraform.md)' } };
  }
  const output = terraform.outputs.get(name);
  if (output === undefined) {
    const known = [...terraform.outputs.keys()];
    return { problem: { message: `output ${name} is not in ${terraform.origin}`, hint: known.length > 0 ? `its outputs are: ${known.join(', ')}` : 'it has no outputs (was `apply` run?)' } };
  }
  const { value } = output;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return { problem: { message: `output ${name} of ${terraform.origin} is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : 'an object'}, not a string`, hint: 'a secret setting takes one string: output that value on its own' } };
  }
  return { secret: new Secret(String(value), `terraform:${name}`) };
}

function fromFile(path: string, sources: SecretSources): SecretResolution {
  if (path.trim() === '') return { problem: { message: 'the ${file:PATH} reference needs a path', hint: 'e.g. ${file:secrets/sudo-password}' } };
  const absolute = resolveUserPath(path, sources);
  let read = sources.files.get(absolute);
  if (read === undefined) {
    read = readSecretFile(path, absolute);
    sources.files.set(absolute, read);
  }
  return 'problem' in read ? read : { secret: new Secret(read.value, `file:${path}`) };
}

function readSecretFile(path: string, absolute: string): { value: string } | { problem: ProblemText } {
  try {
    if (statSync(absolute).size > MAX_SECRET_FILE_BYTES) {
      return { problem: { message: `secret file ${path} is larger than 64 KiB`, hint: 'it should hold only the secret' } };
    }
    return { value: readFileSync(absolute, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: { message: `secret file ${path} does not exist`, hint: 'create it, or fix the path; it is relative to the inventory\'s directory' } };
    return { problem: { message: `secret file ${path} cannot be read (${code ?? 'unknown error'})`, hint: 'check its permissions' } };
  }
}
