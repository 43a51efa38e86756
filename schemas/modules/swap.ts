import type { ModuleSettings } from '../module-settings.js';

/** Settings of the swap module: a swap file and how eagerly the kernel uses it. */
export const swapSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    size_mb: { type: 'integer', minimum: 16, maximum: 1048576, default: 1024, description: 'size of the swap file in MiB; a different size resizes it (swapoff, resize, swapon)' },
    path: { type: 'string', pattern: '^/[A-Za-z0-9_./-]+$', default: '/swapfile', description: 'where the swap file lives' },
    swappiness: { type: 'integer', minimum: 0, maximum: 100, default: 10, description: 'vm.swappiness, written to /etc/sysctl.d/ and applied at once' },
  },
} as const;

export type SwapSettings = ModuleSettings<typeof swapSchema>;
