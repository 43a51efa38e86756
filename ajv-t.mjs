import { performance as p } from 'node:perf_hooks';
let t = p.now(); const lap = (l) => { const n = p.now(); console.log(l.padEnd(30), (n - t).toFixed(1)); t = n; };
const { Ajv } = await import('ajv'); lap('import ajv');
const { inventorySchema } = await import('./dist/schemas/inventory.js').catch(() => ({}));
lap('import schema');
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, validateSchema: false }); lap('new Ajv');
if (inventorySchema) { ajv.compile(inventorySchema); lap('compile inventory'); }
