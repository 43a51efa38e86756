import { PLAIN_NORMAL_PATH, type ModuleSettings } from '../module-settings.js';

/** Settings of the swap module: a swap file and how eagerly the kernel uses it. */
export const swapSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    size_mb: { type: 'integer', minimum: 16, maximum: 1048576, default: 1024, description: 'size of the swap file in MiB; a different size resizes it (swapoff, resize, swapon)' },
    path: { type: 'string', pattern: PLAIN_NORMAL_PATH, default: '/swapfile', description: 'where the swap file lives (a normal absolute path); a path taken by anything but a swap file is refused, never replaced' },
    swappiness: { type: 'integer', minimum: 0, maximum: 100, default: 10, description: 'vm.swappiness, written to /etc/sysctl.d/ and applied at once' },
  },
} as const;

export type SwapSettings = ModuleSettings<typeof swapSchema>;
