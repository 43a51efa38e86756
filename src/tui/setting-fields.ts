import { parse } from 'yaml';
import type { SettingsSchema } from '../engine/module.js';

/** How one setting is edited: typed in, toggled, picked from choices, or written as a secret reference. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'enum' | 'list' | 'yaml' | 'secret';

/** One setting of a module, as the settings screen shows it: generated from the module's JSON Schema. */
export interface SettingField {
  readonly key: string;
  readonly kind: FieldKind;
  readonly description: string;
  readonly required: boolean;
  readonly default?: unknown;
  /** enum: the choices, in the schema's order. */
  readonly choices?: readonly unknown[];
  /** list: whether the items are numbers. */
  readonly numericItems?: boolean;
}

type Schema = Readonly<Record<string, unknown>>;

const SECRET_REFERENCE = /^\$\{(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)\}$/;

function kindOf(schema: Schema): Pick<SettingField, 'kind' | 'choices' | 'numericItems'> {
  if (schema.format === 'secret') return { kind: 'secret' };
  if (Array.isArray(schema.enum)) return { kind: 'enum', choices: schema.enum };
  switch (schema.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer':
    case 'number':
      return { kind: 'number' };
    case 'string':
      return { kind: 'string' };
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      if (items.type === 'string' || items.type === 'integer' || items.type === 'number') return { kind: 'list', numericItems: items.type !== 'string' };
      return { kind: 'yaml' };
    }
    default:
      return { kind: 'yaml' };
  }
}

/** The fields of a module's settings schema, in the schema's order. */
export function settingFields(schema: SettingsSchema): SettingField[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([key, property]) => ({
    key,
    description: typeof property.description === 'string' ? property.description : '',
    required: required.has(key),
    ...('default' in property ? { default: property.default } : {}),
    ...kindOf(property),
  }));
}

/** A value as the settings screen shows it and offers it for editing; a secret that is not a reference is never shown. */
export function showValue(field: SettingField, value: unknown): string {
  if (value === undefined) return '';
  if (field.kind === 'secret') return typeof value === 'string' && SECRET_REFERENCE.test(value) ? value : '*** (not a reference)';
  if (field.kind === 'list' && Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** What typing `text` into a field means: a value to write, `remove` (empty: back to the inherited value), or an error. */
export function readInput(field: SettingField, text: string): { value: unknown } | { remove: true } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { remove: true };
  switch (field.kind) {
    case 'secret':
      return SECRET_REFERENCE.test(trimmed) ? { value: trimmed } : { error: `${field.key} is a secret: write a reference, \${env:NAME} or \${file:PATH}, never the value` };
    case 'number': {
      const number = Number(trimmed);
      return Number.isFinite(number) ? { value: number } : { error: `${field.key} takes a number, not "${trimmed}"` };
    }
    case 'boolean':
      if (/^(true|yes|on)$/i.test(trimmed)) return { value: true };
      if (/^(false|no|off)$/i.test(trimmed)) return { value: false };
      return { error: `${field.key} is true or false` };
    case 'enum': {
      const choice = field.choices?.find((c) => String(c) === trimmed);
      return choice === undefined ? { error: `${field.key} is one of ${field.choices?.map(String).join(', ')}` } : { value: choice };
    }
    case 'list': {
      const items = trimmed.split(',').map((item) => item.trim()).filter((item) => item !== '');
      if (!field.numericItems) return { value: items };
      const numbers = items.map(Number);
      return numbers.every(Number.isFinite) ? { value: numbers } : { error: `${field.key} takes numbers separated by commas` };
    }
    case 'yaml':
      try {
        return { value: parse(trimmed) as unknown };
      } catch (error) {
        return { error: `${field.key}: not valid YAML (${(error as Error).message.split('\n')[0]}); write it as flow YAML, e.g. [a, b] or {key: value}` };
      }
    default:
      return { value: trimmed };
  }
}

/** The next choice of an enum (or the other boolean), for toggling with space. */
export function nextChoice(field: SettingField, current: unknown): unknown {
  if (field.kind === 'boolean') return !(current ?? field.default ?? false);
  const choices = field.choices ?? [];
  const at = choices.findIndex((c) => c === (current ?? field.default));
  return choices[(at + 1) % choices.length];
}
