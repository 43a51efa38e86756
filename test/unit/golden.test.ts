import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../modules/catalog.js';
import type { HostContext, Module, PeerHost } from '../../src/engine/module.js';
import { PlanRefusedError } from '../../src/engine/module.js';
import type { Step } from '../../src/engine/step.js';
import type { PathSegment } from '../../src/inventory/document-path.js';
import { readLocalDirectory } from '../../src/inventory/local-directory.js';
import { checkModuleSettings } from '../../src/inventory/settings-validator.js';
import { newMarkers } from '../../src/shell/markers.js';
import { Secret } from '../../src/shell/secret.js';
import { renderStepScript } from '../../src/shell/step-script.js';
import type { GoldenCase } from '../targets/record-facts.js';

/**
 * Golden cases, one data file per case (pyinfra style): modules/NAME/golden/CASE.yaml holds settings and
 * the raw output of every fact the module asks for (recorded on real targets with
 * test/targets/record-facts.ts); CASE.expected.sh holds the exact script plan renders, with secrets
 * masked, or `converged`. A case may expect a refusal instead (`refused: TEXT`). To accept a changed
 * script, read it, then run vitest with -u.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODULES_DIR = join(ROOT, 'modules');
const CASE_SUFFIX = '.yaml';
const EXPECTED_SUFFIX = '.expected.sh';
/** What a case expects when plan returns no steps. */
const CONVERGED = 'converged\n';

/** A Debian 12 host Phanes logs in to as root, unless a case says otherwise. */
const DEFAULT_HOST: Omit<HostContext, 'peers'> = {
  host: 'golden',
  loginUser: 'root',
  os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
};

const caseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['description', 'facts'],
  properties: {
    description: { type: 'string', minLength: 1 },
    settings: { type: 'object' },
    host: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1 },
        loginUser: { type: 'string', minLength: 1 },
        local: { type: 'boolean' },
        hostKeyType: { type: 'string', minLength: 1 },
        os: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'versionId', 'codename', 'prettyName'],
          properties: { id: { type: 'string' }, versionId: { type: 'string' }, codename: { type: 'string' }, prettyName: { type: 'string' } },
        },
        peers: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['address'],
            properties: {
              address: { type: 'string' },
              modules: { type: 'array', items: { type: 'string' } },
              settings: { type: 'object', additionalProperties: { type: 'object' } },
              jump: { type: 'string' },
            },
          },
        },
      },
    },
    facts: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['output', 'exitCode'],
        properties: { output: { type: 'string' }, exitCode: { type: 'integer', minimum: 0, maximum: 255 } },
      },
    },
    refused: { type: 'string', minLength: 1 },
    notApplicable: { type: 'string', minLength: 1 },
    notes: { type: 'array', items: { type: 'string' } },
  },
} as const;
const validateCase = new Ajv({ allErrors: true }).compile<GoldenCase>(caseSchema);

interface CaseFile {
  readonly name: string;
  /** Absolute path of CASE.yaml. */
  readonly path: string;
  /** Absolute path of CASE.expected.sh. */
  readonly expected: string;
}

/** modules/*\/golden/ folders by module folder name, with their case files, sorted. */
function discover(): Map<string, { dir: string; cases: CaseFile[]; expectedFiles: string[] }> {
  const found = new Map<string, { dir: string; cases: CaseFile[]; expectedFiles: string[] }>();
  for (const entry of readdirSync(MODULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(MODULES_DIR, entry.name, 'golden');
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).sort();
    const cases = files
      .filter((file) => file.endsWith(CASE_SUFFIX))
      .map((file) => {
        const name = file.slice(0, -CASE_SUFFIX.length);
        return { name, path: join(dir, file), expected: join(dir, `${name}${EXPECTED_SUFFIX}`) };
      });
    found.set(entry.name, { dir, cases, expectedFiles: files.filter((file) => file.endsWith(EXPECTED_SUFFIX)) });
  }
  return found;
}

const shown = (path: string) => relative(ROOT, path);

/** Reads and checks a case file; every problem names the file. */
function readCase(file: CaseFile): GoldenCase {
  let data: unknown;
  try {
    data = parse(readFileSync(file.path, 'utf8'));
  } catch (error) {
    throw new Error(`${shown(file.path)}: not valid YAML: ${(error as Error).message}`);
  }
  if (!validateCase(data)) {
    const why = (validateCase.errors ?? []).map((e) => `${e.instancePath || '(top level)'} ${e.message ?? e.keyword}`).join('; ');
    throw new Error(`${shown(file.path)}: not a golden case: ${why} (keys: description, settings, host, facts, refused)`);
  }
  return data;
}

/** The host plan sees; its peers' settings are validated and defaulted like the case's own. */
function hostOf(golden: GoldenCase, file: CaseFile): HostContext {
  const peers = new Map<string, PeerHost>();
  for (const [name, peer] of Object.entries(golden.host?.peers ?? {})) {
    const settings = Object.fromEntries(
      Object.entries(peer.settings ?? {}).map(([moduleName, raw]) => {
        const module = builtInCatalog.modules.get(moduleName);
        if (!module) throw new Error(`${shown(file.path)}: peer ${name} has settings for "${moduleName}", which is not a module`);
        return [moduleName, withDefaults(module, raw, file)];
      }),
    );
    peers.set(name, { address: peer.address, modules: peer.modules ?? Object.keys(settings), settings, ...(peer.jump !== undefined && { jump: peer.jump }) });
  }
  return {
    host: golden.host?.host ?? DEFAULT_HOST.host,
    loginUser: golden.host?.loginUser ?? DEFAULT_HOST.loginUser,
    ...(golden.host?.local === true ? { local: true } : {}),
    ...(golden.host?.hostKeyType !== undefined && { hostKeyType: golden.host.hostKeyType }),
    os: golden.host?.os ?? DEFAULT_HOST.os,
    peers,
  };
}

/**
 * Settings with the schema's defaults, as the inventory loader would hand them to the module: a
 * `format: "secret"` value is taken literally and becomes a Secret, so expected scripts show it as ***.
 */
function withDefaults(module: Module, raw: Record<string, unknown>, file: CaseFile): Record<string, unknown> {
  const settings = structuredClone(raw);
  const { errors, secretPaths, localDirectoryPaths } = checkModuleSettings(module, settings);
  if (errors.length > 0) {
    const why = errors.map((e) => `${e.instancePath || '(settings)'} ${e.message ?? e.keyword}`).join('; ');
    throw new Error(`${shown(file.path)}: settings are invalid for module ${module.name}: ${why}`);
  }
  for (const path of secretPaths) {
    const parent = path.slice(0, -1).reduce<unknown>((node, segment) => (node as Record<PathSegment, unknown>)[segment], settings) as Record<PathSegment, unknown>;
    const last = path[path.length - 1]!;
    parent[last] = new Secret(String(parent[last]), `golden case ${shown(file.path)}`);
  }
  // As the loader reads them next to the inventory: here next to the case file.
  for (const path of localDirectoryPaths) {
    const parent = path.slice(0, -1).reduce<unknown>((node, segment) => (node as Record<PathSegment, unknown>)[segment], settings) as Record<PathSegment, unknown>;
    const last = path[path.length - 1]!;
    const read = readLocalDirectory(String(parent[last]), resolve(dirname(file.path), String(parent[last])));
    if ('problem' in read) throw new Error(`${shown(file.path)}: ${read.problem.message}`);
    parent[last] = read;
  }
  return settings;
}

/** Parses every recorded fact with the module's own parsers; a missing or unasked fact fails the case. */
function factValues(module: Module, settings: Record<string, unknown>, host: HostContext, golden: GoldenCase, file: CaseFile): Record<string, unknown> {
  const requests = module.facts(settings, { host: host.host, loginUser: host.loginUser });
  const asked = Object.keys(requests);
  const missing = asked.filter((name) => !(name in golden.facts));
  const extra = Object.keys(golden.facts).filter((name) => !(name in requests));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${shown(file.path)}: facts do not match what module ${module.name} asks for` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; not asked for: ${extra.join(', ')}` : '') +
        ` (record them with test/targets/record-facts.ts)`,
    );
  }
  const values: Record<string, unknown> = {};
  for (const name of asked) {
    const fact = requests[name]!;
    const { output, exitCode } = golden.facts[name]!;
    try {
      values[name] = fact.parse(output, exitCode);
    } catch (error) {
      throw new Error(`${shown(file.path)}: fact ${name} (${fact.description}): its parser refused the recorded output: ${(error as Error).message}`);
    }
  }
  return values;
}

const discovered = discover();

describe('golden cases', () => {
  it('exist for every module of the catalog, and only for modules of the catalog', () => {
    for (const name of builtInCatalog.modules.keys()) {
      expect(discovered.get(name)?.cases.length ?? 0, `module ${name} has no golden cases in modules/${name}/golden/`).toBeGreaterThan(0);
    }
    for (const name of discovered.keys()) {
      expect(builtInCatalog.modules.has(name), `modules/${name}/golden/: no module named ${name} in modules/catalog.ts`).toBe(true);
    }
  });

  for (const [moduleName, { dir, cases, expectedFiles }] of discovered) {
    describe(moduleName, () => {
      it('has an .expected.sh for no case that is missing or expects a refusal', () => {
        for (const file of expectedFiles) {
          const name = file.slice(0, -EXPECTED_SUFFIX.length);
          const owner = cases.find((c) => c.name === name);
          expect(owner, `${shown(join(dir, file))}: no ${name}${CASE_SUFFIX} beside it (delete it, or restore the case)`).toBeDefined();
          if (owner) expect(readCase(owner).refused, `${shown(join(dir, file))}: its case expects a refusal, not a script`).toBeUndefined();
          if (owner) expect(readCase(owner).notApplicable, `${shown(join(dir, file))}: its case expects "not applicable", not a script`).toBeUndefined();
        }
      });

      for (const file of cases) {
        it(file.name, async () => {
          const module = builtInCatalog.modules.get(moduleName);
          if (!module) throw new Error(`${shown(file.path)}: no module named ${moduleName} in modules/catalog.ts`);
          const golden = readCase(file);
          const host = hostOf(golden, file);
          const settings = withDefaults(module, golden.settings ?? {}, file);
          const facts = factValues(module, settings, host, golden, file);

          // As the engine does (src/engine/run-host.ts): notes, then "not applicable", then plan; any may refuse.
          let steps: Step[];
          try {
            expect(module.notes?.(settings, facts, host) ?? [], `${shown(file.path)}: notes`).toEqual(golden.notes ?? []);
            const notApplicable = module.notApplicable?.(settings, facts, host);
            if (golden.notApplicable !== undefined || notApplicable !== undefined) {
              expect(notApplicable, `${shown(file.path)}: "not applicable"`).toBeDefined();
              expect(notApplicable).toContain(golden.notApplicable ?? '(the case expects the module to apply)');
              return;
            }
            steps = module.plan(settings, facts, host);
          } catch (error) {
            if (!(error instanceof PlanRefusedError)) throw error;
            expect(golden.refused, `${shown(file.path)}: plan refused (${error.message}); add \`refused:\` with part of that message if this case expects it`).toBeDefined();
            expect(error.message).toContain(golden.refused);
            return;
          }
          const script = steps.length === 0 ? CONVERGED : renderStepScript(steps, newMarkers('golden')).shown;
          if (golden.refused !== undefined) {
            throw new Error(`${shown(file.path)}: expected plan to refuse with "${golden.refused}", but it planned:\n${script}`);
          }
          await expect(script).toMatchFileSnapshot(file.expected);
        });
      }
    });
  }
});
