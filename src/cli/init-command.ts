import { writeFileSync } from 'node:fs';
import { EXIT, type ExitCode } from './exit-codes.js';
import { CliError } from './load-targets.js';
import { STARTER_INVENTORY } from './starter-inventory.js';

/** `phanes init [FILE]`: writes the starter inventory; never over an existing file. */
export function initCommand(file: string): ExitCode {
  try {
    writeFileSync(file, STARTER_INVENTORY, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`${file} exists already; phanes init never overwrites a file (name another: phanes init FILE)`, EXIT.usage);
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  process.stdout.write(`Wrote ${file}: set your hosts' addresses and your public key, then run phanes plan -i ${file}\n`);
  return EXIT.ok;
}
