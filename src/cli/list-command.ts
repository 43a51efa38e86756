import { builtInCatalog } from '../../modules/catalog.js';
import { colorsFor } from '../report/colors.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** `phanes list`: every module and profile, with what each profile contains. */
export function listCommand(args: { json: boolean }): ExitCode {
  const modules = [...builtInCatalog.modules.values()].map((m) => ({ name: m.name, description: m.description, requires: [...m.requires] }));
  const profiles = [...builtInCatalog.profiles.values()].map((p) => ({ name: p.name, description: p.description, modules: [...p.modules] }));
  if (args.json) {
    process.stdout.write(JSON.stringify({ modules, profiles }, null, 2) + '\n');
    return EXIT.ok;
  }
  const c = colorsFor(process.stdout);
  const width = Math.max(...modules.map((m) => m.name.length), ...profiles.map((p) => p.name.length)) + 2;
  const lines = [c.bold('Modules')];
  for (const m of modules) lines.push(`  ${m.name.padEnd(width)}${m.description}${m.requires.length ? c.dim(` (requires ${m.requires.join(', ')})`) : ''}`);
  lines.push('', c.bold('Profiles'));
  for (const p of profiles) lines.push(`  ${p.name.padEnd(width)}${p.description}`, `  ${' '.repeat(width)}${c.dim(p.modules.join(' → '))}`);
  lines.push('', c.dim('An inventory can define its own profiles, or replace these (see inventory.example.yaml).'));
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT.ok;
}
