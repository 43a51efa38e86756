import { sh } from '../shell/command.js';
import type { RemoteFile } from '../engine/step.js';
import type { Fact } from './fact.js';
import { MAX_FACT_FILE_BYTES, pathBatch } from './path-batch.js';

export { MAX_FACT_FILE_BYTES } from './path-batch.js';

/** Parses `MODE OWNER GROUP SIZE` then the base64 content on the next line; '' means no file. */
export function parseFileFact(output: string, path: string): RemoteFile | null {
  const [meta, content = ''] = output.split('\n');
  if (!meta) return null;
  const [mode, owner, group, size] = meta.split(' ');
  if (!mode || !owner || !group || size === undefined) throw new Error(`unexpected stat output for ${path}: ${meta}`);
  if (Number(size) > MAX_FACT_FILE_BYTES) throw new Error(`${path} is larger than ${MAX_FACT_FILE_BYTES} bytes`);
  return { mode: mode.padStart(4, '0'), owner, group, content: Buffer.from(content, 'base64').toString('utf8') };
}

/** A file's mode, owner, group and content, or null when it does not exist. */
export function fileFact(path: string): Fact<RemoteFile | null> {
  return {
    description: `file ${path}`,
    // Built only when asked for: the probe runs the batch's command, for every file at once.
    get command() {
      return sh`if [ -f ${path} ]; then stat -c '%a %U %G %s' ${path} && base64 -w0 ${path}; fi`;
    },
    parse: (output) => parseFileFact(output, path),
    batch: { with: pathBatch, items: [`f${path}`] },
  };
}
