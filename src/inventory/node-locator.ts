import { isAlias, isCollection, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { formatPath, type DocumentPath, type PathSegment } from './document-path.js';
import type { InventoryProblem } from './resolved-host.js';

/** What a problem says besides its place. */
export interface ProblemText {
  readonly message: string;
  readonly hint?: string | undefined;
}

/** Places problems in the inventory file: a document path becomes the line and column of its node. */
export class NodeLocator {
  readonly file: string;
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(file: string, doc: Document, lines: LineCounter) {
    this.file = file;
    this.#doc = doc;
    this.#lines = lines;
  }

  /** How many leading segments of `path` exist in the document. */
  depth(path: DocumentPath): number {
    return this.#walk(path).found.length;
  }

  /**
   * A problem at `path`, or at its nearest existing parent when the node is missing; the reported path is
   * the node's that was found. `key` points at the key of the last segment rather than its value (for an
   * unknown key). A scalar points at its value; a map, a list or an empty value at its key's line.
   */
  problem(path: DocumentPath, text: ProblemText, options: { key?: boolean } = {}): InventoryProblem {
    const { found, node, keyNode } = this.#walk(path);
    let offset: number | undefined;
    if (found.length > 0) {
      const valueOffset = node !== null && !isCollection(node) && !isEmpty(node) ? node.range?.[0] : undefined;
      const keyOffset = keyNode?.range?.[0];
      offset = options.key === true ? (keyOffset ?? valueOffset) : (valueOffset ?? keyOffset ?? node?.range?.[0]);
    }
    const place = offset === undefined ? { line: 1, col: 1 } : this.#lines.linePos(offset);
    return {
      file: this.file,
      line: place.line,
      column: place.col,
      path: formatPath(found),
      message: text.message,
      ...(text.hint === undefined ? {} : { hint: text.hint }),
    };
  }

  #walk(path: DocumentPath): { found: PathSegment[]; node: Node | null; keyNode: Node | null } {
    const found: PathSegment[] = [];
    let node = (this.#doc.contents as Node | null) ?? null;
    let keyNode: Node | null = null;
    for (const segment of path) {
      const container = isAlias(node) ? (node.resolve(this.#doc) ?? null) : node;
      if (isMap(container)) {
        const pair = container.items.findLast((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) break;
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(container) && typeof segment === 'number') {
        const item = container.items[segment] as Node | undefined;
        if (item === undefined) break;
        keyNode = null;
        node = item;
      } else {
        break;
      }
      found.push(segment);
    }
    return { found, node, keyNode };
  }
}

/** `key:` with nothing after it parses as a null scalar of zero length. */
function isEmpty(node: Node): boolean {
  return isScalar(node) && node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
}
