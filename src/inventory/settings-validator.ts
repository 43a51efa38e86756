import { Ajv, type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import type { Module } from '../engine/module.js';
import { parseInstancePath, type PathSegment } from './document-path.js';

/** Keyword this file adds beside every `format: "secret"`, to learn where secret values sit. */
const SECRET_KEYWORD = 'x-phanes-secret';
/** Keyword this file adds beside every `format: "local-directory"`, to learn where directory paths sit. */
const DIRECTORY_KEYWORD = 'x-phanes-local-directory';

/** Keys whose values are data, not subschemas: never marked. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

/** Collects, during one validation, where the values of secret and local-directory fields were found. */
interface SecretCollector {
  readonly pointers: string[];
  readonly directories: string[];
}

const recordSecret: SchemaValidateFunction = function (this: SecretCollector, _schema, data, _parent, cxt) {
  if (typeof data === 'string' && cxt !== undefined) this.pointers.push(cxt.instancePath);
  return true;
};

const recordDirectory: SchemaValidateFunction = function (this: SecretCollector, _schema, data, _parent, cxt) {
  if (typeof data === 'string' && cxt !== undefined) this.directories.push(cxt.instancePath);
  return true;
};

// Module schemas come from module authors and may carry x- annotations for docs: strict mode is off.
// validateSchema off and no optimizing pass, as for the inventory (validate-document.ts says why): the tests
// check every module's schema against the meta-schema.
const ajv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: false, passContext: true, validateSchema: false, code: { optimize: false } });
ajv.addFormat('secret', { type: 'string', validate: () => true });
ajv.addKeyword({ keyword: SECRET_KEYWORD, schemaType: 'boolean', validate: recordSecret, errors: false });
ajv.addFormat('local-directory', { type: 'string', validate: (path: string) => path.trim() !== '' });
ajv.addKeyword({ keyword: DIRECTORY_KEYWORD, schemaType: 'boolean', validate: recordDirectory, errors: false });

const compiled = new WeakMap<Module, ValidateFunction>();

/** A copy of a schema where every subschema with `format: "secret"` (or "local-directory") also carries its keyword. */
function markSecrets(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(markSecrets);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = DATA_KEYWORDS.has(key) ? value : markSecrets(value);
  if (out['format'] === 'secret') out[SECRET_KEYWORD] = true;
  if (out['format'] === 'local-directory') out[DIRECTORY_KEYWORD] = true;
  return out;
}

function validatorOf(module: Module): ValidateFunction {
  let validate = compiled.get(module);
  if (validate === undefined) {
    try {
      validate = ajv.compile(markSecrets(module.schema) as object);
    } catch (error) {
      throw new Error(`module ${module.name}: its settings schema does not compile: ${(error as Error).message}`);
    }
    compiled.set(module, validate);
  }
  return validate;
}

/** The outcome of checking one module's settings; `settings` was changed in place (defaults filled in). */
export interface SettingsCheck {
  readonly errors: readonly ErrorObject[];
  /** Where string values of `format: "secret"` fields are, relative to the settings. */
  readonly secretPaths: readonly PathSegment[][];
  /** Where string values of `format: "local-directory"` fields are: the loader reads those directories. */
  readonly localDirectoryPaths: readonly PathSegment[][];
}

/** Validates `settings` against the module's schema, filling in defaults. */
export function checkModuleSettings(module: Module, settings: Record<string, unknown>): SettingsCheck {
  const validate = validatorOf(module);
  const collector: SecretCollector = { pointers: [], directories: [] };
  const valid = validate.call(collector, settings);
  const pointers = [...new Set(collector.pointers)];
  return {
    errors: valid ? [] : [...(validate.errors ?? [])],
    secretPaths: pointers.map((pointer) => parseInstancePath(pointer, settings)),
    localDirectoryPaths: [...new Set(collector.directories)].map((pointer) => parseInstancePath(pointer, settings)),
  };
}
