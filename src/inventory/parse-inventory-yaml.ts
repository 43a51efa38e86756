import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import type { PathSegment } from './document-path.js';
import { NodeLocator } from './node-locator.js';
import type { InventoryProblem, InventoryWarning } from './resolved-host.js';

/** Aliases may expand to at most this many nodes: enough for real reuse, not for a "billion laughs" file. */
export const MAX_ALIAS_COUNT = 100;

/** The YAML layer's result: plain data (when usable), and the locator that places later problems. */
export interface ParsedInventory {
  readonly locator: NodeLocator;
  /** Undefined when the YAML itself is broken; the problems say why. */
  readonly data: unknown;
  readonly problems: InventoryProblem[];
  readonly warnings: InventoryWarning[];
}

const SYNTAX_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces',
  BAD_INDENT: 'indent this line like its siblings',
  MULTIPLE_DOCS: 'keep one document per inventory file, without a second ---',
};

/** yaml's messages start with a capital; ours do not. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The document path of a node from yaml's visitor ancestry (Document, maps, pairs, sequences). */
function segmentsOf(ancestors: readonly (Document | Node | Pair)[], last: Node | Pair): PathSegment[] {
  const chain = [...ancestors, last];
  const segments: PathSegment[] = [];
  chain.forEach((step, i) => {
    const next = chain[i + 1];
    if (isPair(step) && isScalar(step.key)) segments.push(String(step.key.value));
    else if (isSeq(step) && next !== undefined) segments.push(step.items.indexOf(next as Node));
  });
  return segments;
}

/**
 * Parses the inventory, turning every YAML error into a placed problem. Duplicate keys are problems but
 * leave a usable tree (so validation goes on); any other syntax error stops before validation, whose
 * findings on a misparsed tree would only mislead.
 */
export function parseInventoryYaml(text: string, file: string): ParsedInventory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locator = new NodeLocator(file, doc, lines);
  const at = (offset: number, message: string, hint?: string, path = ''): InventoryProblem => {
    const place = lines.linePos(offset);
    return { file, line: place.line, column: place.col, path, message, ...(hint === undefined ? {} : { hint }) };
  };
  const problems: InventoryProblem[] = [];
  const duplicates = new Set<number>();
  let broken = false;
  for (const error of doc.errors) {
    if (error.code === 'DUPLICATE_KEY') duplicates.add(error.pos[0]);
    else {
      broken = true;
      problems.push(at(error.pos[0], lowerFirst(error.message), SYNTAX_HINTS[error.code] ?? 'fix the YAML syntax here'));
    }
  }
  const warnings = doc.warnings.map((warning) => at(warning.pos[0], lowerFirst(warning.message)));

  visit(doc, {
    Pair(_, pair, ancestors) {
      const offset = (pair.key as Node | null)?.range?.[0];
      if (offset === undefined) return;
      if (!isScalar(pair.key)) {
        broken = true;
        problems.push(at(offset, 'a key must be a plain name, not a list or a map', 'write the key as text'));
      } else if (duplicates.has(offset)) {
        const path = locator.problem(segmentsOf(ancestors, pair), { message: '' }).path;
        problems.push(at(offset, `duplicate key "${String(pair.key.value)}"`, 'a key may appear once in a map; remove or merge the copies', path));
      }
    },
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) {
        broken = true;
        problems.push(at(alias.range?.[0] ?? 0, `unknown alias *${alias.source}`, `define &${alias.source} before this alias`));
      }
    },
  });
  if (broken) return { locator, data: undefined, problems, warnings };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount; anything else is unexpected.
    if (!(error instanceof ReferenceError)) throw error;
    const first = findFirstAlias(doc);
    problems.push(at(first, `YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT})`, 'write the values out instead of nesting aliases'));
    return { locator, data: undefined, problems, warnings };
  }
  if (data === null || data === undefined) {
    problems.push(at(0, 'the inventory is empty', 'list your machines under hosts:, see inventory.example.yaml'));
    return { locator, data: undefined, problems, warnings };
  }
  return { locator, data, problems, warnings };
}

function findFirstAlias(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}
