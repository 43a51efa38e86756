import { sh } from '../shell/command.js';
import type { RemoteFile } from '../engine/step.js';
import type { Fact } from './fact.js';

/** Files larger than this are not read into plan (their diff would not be readable anyway). */
export const MAX_FACT_FILE_BYTES = 1024 * 1024;

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
    command: sh`if [ -f ${path} ]; then stat -c '%a %U %G %s' ${path} && base64 -w0 ${path}; fi`,
    parse: (output) => parseFileFact(output, path),
  };
}
