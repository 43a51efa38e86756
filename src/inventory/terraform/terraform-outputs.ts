/** One root module output, as both `output -json` and a version 4 state file hold it. */
export interface TerraformOutput {
  readonly value: unknown;
  /** Declared `sensitive = true` (or derived from a sensitive value): its value is only ever a Secret. */
  readonly sensitive: boolean;
}

/** Outputs by name, and where they came from (a file, or the command and its directory), for messages. */
export interface TerraformOutputs {
  readonly outputs: ReadonlyMap<string, TerraformOutput>;
  readonly origin: string;
}

/** A Terraform/OpenTofu source that cannot be read; the message names the file or command. */
export class TerraformSourceError extends Error {
  override readonly name = 'TerraformSourceError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function outputsOf(entries: Record<string, unknown>, origin: string): Map<string, TerraformOutput> {
  const outputs = new Map<string, TerraformOutput>();
  for (const [name, entry] of Object.entries(entries)) {
    if (!isObject(entry) || !('value' in entry)) {
      throw new TerraformSourceError(`${origin}: output ${name} has no value`, 'each output is {"value": ..., "type": ..., "sensitive": ...}; is this the right file?');
    }
    outputs.set(name, { value: entry['value'], sensitive: entry['sensitive'] === true });
  }
  return outputs;
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TerraformSourceError(`${origin} is not JSON (${(error as Error).message})`, 'give a state file (terraform.tfstate) or the output of `tofu output -json`');
  }
}

/**
 * `tofu output -json` / `terraform output -json`: an object of outputs by name, each
 * `{"sensitive": bool, "type": <type>, "value": <value>}` (sensitive values in clear, marked).
 */
export function parseOutputJson(text: string, origin: string): TerraformOutputs {
  const data = parseJson(text, origin);
  if (!isObject(data)) throw new TerraformSourceError(`${origin} is not an object of outputs`, 'it should be what `tofu output -json` prints');
  if ('version' in data && 'outputs' in data) return parseState(data, origin);
  return { outputs: outputsOf(data, origin), origin };
}

/**
 * A state file of format version 4 (Terraform 0.12 and later, every OpenTofu): `outputs` holds the root
 * module's outputs as `{"value", "type", "sensitive"}`, `sensitive` left out when false.
 */
export function parseStateFile(text: string, origin: string): TerraformOutputs {
  const data = parseJson(text, origin);
  if (!isObject(data)) throw new TerraformSourceError(`${origin} is not a state file`, 'a state file is a JSON object with "version": 4 and "outputs"');
  return parseState(data, origin);
}

function parseState(data: Record<string, unknown>, origin: string): TerraformOutputs {
  if (data['version'] !== 4) {
    throw new TerraformSourceError(
      `${origin}: state format version ${JSON.stringify(data['version'] ?? null)}, Phanes reads version 4`,
      'version 4 is what Terraform 0.12+ and OpenTofu write; an older state is upgraded by running `terraform apply` (or `refresh`) with a current release',
    );
  }
  const outputs = data['outputs'] ?? {};
  if (!isObject(outputs)) throw new TerraformSourceError(`${origin}: "outputs" is not an object`, 'the state file looks damaged');
  return { outputs: outputsOf(outputs, origin), origin };
}
