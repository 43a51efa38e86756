import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../modules/catalog.js';
import { inventorySchema } from '../../../schemas/inventory.js';

/** The CLI compiles schemas without checking them against the meta-schema (start-up time): this does. */
describe('every built-in schema is a valid JSON Schema', () => {
  const ajv = new Ajv({ strict: false });
  ajv.addFormat('secret', true);

  it('the inventory schema', () => {
    expect(ajv.validateSchema(inventorySchema), ajv.errorsText()).toBe(true);
    // strict mode, as the CLI compiles it: unknown keywords and other schema mistakes throw.
    expect(() => new Ajv({ strict: true }).compile(inventorySchema)).not.toThrow();
  });

  for (const module of builtInCatalog.modules.values()) {
    it(`module ${module.name}'s settings schema`, () => {
      expect(ajv.validateSchema(module.schema as object), ajv.errorsText()).toBe(true);
    });
  }

  it('would catch a broken schema', () => {
    expect(ajv.validateSchema({ type: 'object', properties: { port: { type: 'integr' } } })).toBe(false);
  });
});
