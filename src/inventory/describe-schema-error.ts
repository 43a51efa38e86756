import type { ErrorObject } from 'ajv';
import { parseInstancePath, type PathSegment } from './document-path.js';
import { suggestionHint } from './nearest-name.js';

/** An ajv error in our words: where (relative to the validated value), what, and what to write instead. */
export interface SchemaErrorText {
  readonly path: PathSegment[];
  /** The problem is the key at `path` itself (an unknown key), not its value. */
  readonly atKey: boolean;
  readonly message: string;
  readonly hint?: string | undefined;
}

type Schema = Readonly<Record<string, unknown>>;

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'null',
};

function schemaOf(error: ErrorObject): Schema {
  const schema: unknown = error.parentSchema;
  return schema !== null && typeof schema === 'object' ? (schema as Schema) : {};
}

function description(schema: Schema | undefined): string | undefined {
  const text = schema?.['description'];
  return typeof text === 'string' ? text : undefined;
}

function propertiesOf(schema: Schema): Record<string, Schema> {
  const properties = schema['properties'];
  return properties !== null && typeof properties === 'object' ? (properties as Record<string, Schema>) : {};
}

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  const words = types.filter((t) => t !== 'null' || types.length === 1).map((t) => TYPE_WORDS[String(t)] ?? String(t));
  return words.join(' or ');
}

function rangeMessage(schema: Schema, keyword: string, limit: unknown): string {
  const min = schema['minimum'];
  const max = schema['maximum'];
  const integer = schema['type'] === 'integer';
  if (typeof min === 'number' && typeof max === 'number') return `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`;
  if (keyword === 'minimum' && limit === 1 && integer) return 'must be a positive integer';
  if (keyword === 'exclusiveMinimum' && limit === 0) return integer ? 'must be a positive integer' : 'must be above 0';
  if (keyword === 'minimum') return `must be at least ${String(limit)}`;
  if (keyword === 'maximum') return `must be at most ${String(limit)}`;
  return keyword === 'exclusiveMinimum' ? `must be above ${String(limit)}` : `must be below ${String(limit)}`;
}

/**
 * Translates one ajv error (collected with `verbose: true`, so `parentSchema` is there). Messages never
 * quote the offending value, which may be a secret; they name keys, limits and allowed values only.
 * `noun` is what a key is called here: `key` in the inventory, `setting` in a module's settings.
 */
export function describeSchemaError(error: ErrorObject, data: unknown, noun: 'key' | 'setting'): SchemaErrorText {
  const path = parseInstancePath(error.instancePath, data);
  const schema = schemaOf(error);
  const params = error.params as Record<string, unknown>;
  const own = { path, atKey: false, hint: description(schema) };
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const valid = Object.keys(propertiesOf(schema));
      const fallback = valid.length > 0 ? `valid ${noun}s: ${valid.join(', ')}` : `no ${noun}s are allowed here`;
      return { path: [...path, key], atKey: true, message: `unknown ${noun} "${key}"`, hint: suggestionHint(key, valid, fallback) };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      return { path, atKey: false, message: `missing required ${noun} "${key}"`, hint: description(propertiesOf(schema)[key]) };
    }
    case 'type':
      return { ...own, message: `must be ${typeWords(params['type'])}` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const given = error.data;
      const near = typeof given === 'string' ? suggestionHint(given, allowed) : undefined;
      return { ...own, message: `must be one of: ${allowed.join(', ')}`, hint: near ?? own.hint };
    }
    case 'const':
      return { ...own, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { ...own, message: rangeMessage(schema, error.keyword, params['limit']) };
    case 'minLength':
      return { ...own, message: params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters` };
    case 'maxLength':
      return { ...own, message: `must be at most ${String(params['limit'])} characters` };
    case 'minItems':
      return { ...own, message: `must list at least ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'}` };
    case 'maxItems':
      return { ...own, message: `must list at most ${String(params['limit'])} items` };
    case 'minProperties':
      return { ...own, message: params['limit'] === 1 ? 'must not be empty' : `must have at least ${String(params['limit'])} keys` };
    case 'uniqueItems': {
      const first = Math.min(Number(params['i']), Number(params['j']));
      const second = Math.max(Number(params['i']), Number(params['j']));
      return { path: [...path, second], atKey: false, message: `listed twice, the same as [${first}]`, hint: 'remove one of them' };
    }
    case 'pattern':
      return { ...own, message: 'does not have the expected form' };
    case 'format':
      return { ...own, message: `must be a valid ${String(params['format'])}` };
    default:
      return { ...own, message: error.message ?? `fails ${error.keyword}` };
  }
}
