import { describeSchemaError } from './describe-schema-error.js';
import type { PathSegment } from './document-path.js';
import { mergeSettings } from './merge-settings.js';
import type { ProblemText } from './node-locator.js';
import type { Level, ResolveContext } from './resolve-context.js';
import type { InventoryProblem } from './resolved-host.js';
import { readLocalDirectory } from './local-directory.js';
import { resolveSecretReference, resolveUserPath } from './secret-reference.js';
import { checkModuleSettings } from './settings-validator.js';

/**
 * Places a problem in a module's settings: at the most specific level that has the deepest part of the
 * path (the value that won the merge), else at the host's name.
 */
function settingsProblem(ctx: ResolveContext, name: string, levels: readonly Level[], module: string, path: readonly PathSegment[], text: ProblemText, atKey = false): InventoryProblem {
  let best: { depth: number; full: PathSegment[] } = { depth: 0, full: [] };
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i] as Level;
    const full = [...level.path, 'vars', module, ...path];
    const depth = ctx.locator.depth(full) - level.path.length;
    if (depth > best.depth) best = { depth, full };
  }
  if (best.depth === 0) return ctx.locator.problem(['hosts', name], text, { key: true });
  return ctx.locator.problem(best.full, text, { key: atKey });
}

/** Merges and validates the settings of every module for the host; undefined after a problem. */
export function resolveSettings(ctx: ResolveContext, name: string, levels: readonly Level[], modules: readonly string[]): Record<string, Record<string, unknown>> | undefined {
  const all: Record<string, Record<string, unknown>> = {};
  let ok = true;
  for (const moduleName of modules) {
    const module = ctx.catalog.modules.get(moduleName);
    if (module === undefined) continue;
    const settings = mergeSettings(levels.map((level) => level.value.vars?.[moduleName]));
    const check = checkModuleSettings(module, settings);
    for (const error of check.errors) {
      const text = describeSchemaError(error, settings, 'setting');
      const message = error.keyword === 'required' ? `${text.message} of module "${moduleName}"` : text.message;
      ctx.problems.push(settingsProblem(ctx, name, levels, moduleName, text.path, { message, hint: text.hint }, text.atKey));
      ok = false;
    }
    if (check.errors.length > 0) continue;
    for (const path of check.secretPaths) {
      const resolved = resolveSecretReference(String(getAt(settings, path)), ctx.secrets);
      if ('problem' in resolved) {
        ctx.problems.push(settingsProblem(ctx, name, levels, moduleName, path, resolved.problem));
        ok = false;
        continue;
      }
      if (resolved.warning !== undefined) ctx.warnings.push(settingsProblem(ctx, name, levels, moduleName, path, resolved.warning));
      setAt(settings, path, resolved.secret);
    }
    for (const path of check.localDirectoryPaths) {
      const source = String(getAt(settings, path));
      const read = readLocalDirectory(source, resolveUserPath(source, ctx.secrets));
      if ('problem' in read) {
        ctx.problems.push(settingsProblem(ctx, name, levels, moduleName, path, read.problem));
        ok = false;
        continue;
      }
      setAt(settings, path, read);
    }
    all[moduleName] = settings;
  }
  return ok ? all : undefined;
}

function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<PathSegment, unknown> | undefined)?.[segment];
  return node;
}

function setAt(root: unknown, path: readonly PathSegment[], value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<PathSegment, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) parent[last] = value;
}
