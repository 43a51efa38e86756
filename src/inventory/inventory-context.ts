import type { Inventory } from './inventory.js';
import type { Level, ResolveContext } from './resolve-context.js';

/** What a later module override needs to resolve a host again, kept out of the public Inventory shape. */
export interface InventoryContext {
  readonly resolve: Omit<ResolveContext, 'problems' | 'warnings'>;
  readonly levels: ReadonlyMap<string, readonly Level[]>;
}

const contexts = new WeakMap<Inventory, InventoryContext>();

export function rememberContext(inventory: Inventory, context: InventoryContext): void {
  contexts.set(inventory, context);
}

/** The context of an inventory made by loadInventory; throws for any other object. */
export function contextOf(inventory: Inventory): InventoryContext {
  const context = contexts.get(inventory);
  if (context === undefined) throw new Error('this inventory was not made by loadInventory');
  return context;
}
