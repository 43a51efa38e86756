import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, isCollection, parseDocument, YAMLMap, type Node, type Pair } from 'yaml';

/** A place in the inventory document: map keys from the top (`['hosts', 'web1', 'vars', 'redis', 'port']`). */
export type KeyPath = readonly string[];

/** An inventory's text that cannot be edited: YAML syntax errors, or a top level that is not a map. */
export class InventoryEditError extends Error {
  override readonly name = 'InventoryEditError';
}

const STRINGIFY = { flowCollectionPadding: false, lineWidth: 0 } as const;

function parse(text: string): Document {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new InventoryEditError(`the inventory is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}; fix it in an editor first`);
  if (doc.contents === null) doc.contents = new YAMLMap() as never;
  if (!isMap(doc.contents)) throw new InventoryEditError('the inventory is not a YAML map at its top level');
  return doc;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function pairIn(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find((pair) => keyOf(pair) === key);
}

/** The map at `path` in `doc`, made (or made from an empty value) where missing. */
function mapAt(doc: Document, path: KeyPath): YAMLMap {
  let map = doc.contents as YAMLMap;
  for (const key of path) {
    const pair = pairIn(map, key);
    if (pair === undefined) {
      const made = new YAMLMap();
      map.items.push(doc.createPair(key, made) as never);
      map = made;
    } else if (isMap(pair.value)) map = pair.value;
    else if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
      const made = new YAMLMap();
      pair.value = made;
      map = made;
    } else throw new InventoryEditError(`${path.join('.')} is not a map in the inventory; fix it in an editor first`);
  }
  return map;
}

/** Line start offset of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line that holds `offset` (text's end when there is none). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** One pair as YAML at column `column` (first line unindented), without comments that stay in the text. */
function renderPair(doc: Document, pair: Pair, column: number, keepValueComment: boolean): string {
  const copy = doc.createPair(null, null) as Pair<unknown, unknown>;
  copy.key = isScalar(pair.key) ? pair.key.clone() : pair.key;
  copy.value = pair.value;
  if (isScalar(copy.key)) {
    copy.key.commentBefore = undefined as never;
    copy.key.spaceBefore = false;
  }
  let removedComment: string | undefined;
  const value = pair.value;
  if (!keepValueComment && (isScalar(value) || isCollection(value))) {
    removedComment = value.comment ?? undefined;
    value.comment = undefined as never;
  }
  const holder = new Document(new YAMLMap());
  (holder.contents as YAMLMap).items.push(copy as never);
  const text = holder.toString(STRINGIFY).replace(/\n$/, '');
  if (removedComment !== undefined && (isScalar(value) || isCollection(value))) value.comment = removedComment;
  return text.split('\n').map((line, i) => (i === 0 || line === '' ? line : ' '.repeat(column) + line)).join('\n');
}

/**
 * The edited text: only the part of `before` that `path` changed is rewritten, every other byte (comments,
 * alignment, quoting, blank lines) stays. Returns undefined when the shape does not allow it.
 */
function splice(text: string, before: Document, after: Document, path: KeyPath): string | undefined {
  let map = before.contents as YAMLMap;
  let afterMap = after.contents as YAMLMap;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const pair = pairIn(map, key);
    const afterPair = isMap(afterMap) ? pairIn(afterMap, key) : undefined;
    if (pair === undefined) {
      if (afterPair === undefined) return text;
      return append(text, after, map, afterPair, i === 0);
    }
    const child = pair.value;
    const afterChild = afterPair?.value;
    const deeper = i < path.length - 1 && isMap(child) && !child.flow && child.items.length > 0 && isMap(afterChild);
    if (deeper) {
      map = child;
      afterMap = afterChild;
      continue;
    }
    const keyRange = (pair.key as Node).range;
    if (!keyRange) return undefined;
    const start = keyRange[0];
    const column = start - lineStart(text, start);
    const range = (child as Node | null)?.range;
    if (afterPair === undefined) {
      // Removed: its lines go, from the key's line to the end of the value's last line.
      const end = range ? range[2] : keyRange[2];
      return text.slice(0, lineStart(text, start)) + text.slice(lineEnd(text, Math.max(end - 1, start)));
    }
    // A scalar's or flow collection's trailing comment stays in the text; a block collection is rewritten
    // whole, its comments with it.
    const scalar = child === null || isScalar(child) || (isCollection(child) && child.flow === true);
    let end = range ? (scalar ? range[1] : range[2]) : keyRange[2];
    if (!scalar && text[end - 1] === '\n') end -= 1;
    return text.slice(0, start) + renderPair(after, afterPair, column, !scalar) + text.slice(end);
  }
  return undefined;
}

/** `pair` added at the end of the block map `map` of the original text. */
function append(text: string, after: Document, map: YAMLMap, pair: Pair, root: boolean): string | undefined {
  if (map.flow) return undefined;
  const items = map.items as Pair[];
  const first = items[0];
  const last = items.at(-1);
  if (first === undefined || last === undefined) {
    // The empty top level of a new file.
    if (!root) return undefined;
    const body = renderPair(after, pair, 0, true);
    return text + (text === '' || text.endsWith('\n') ? '' : '\n') + body + '\n';
  }
  const firstKey = (first.key as Node).range;
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range?.[2];
  if (!firstKey || lastEnd === undefined) return undefined;
  const column = firstKey[0] - lineStart(text, firstKey[0]);
  const at = lineEnd(text, Math.max(lastEnd - 1, 0));
  const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return text.slice(0, at) + prefix + ' '.repeat(column) + renderPair(after, pair, column, true) + '\n' + text.slice(at);
}

/** Applies `change` to the document and writes the text back, keeping what the change did not touch. */
function edit(text: string, path: KeyPath, change: (doc: Document) => void): string {
  const before = parse(text);
  const after = parse(text);
  change(after);
  const wanted = after.toJS();
  const spliced = splice(text, before, after, path);
  if (spliced !== undefined) {
    const check = parseDocument(spliced, { uniqueKeys: false });
    if (check.errors.length === 0 && isDeepStrictEqual(check.toJS() ?? {}, wanted ?? {})) return spliced;
  }
  // A shape the splice does not handle: the whole document rewritten, comments and order still kept.
  return after.toString(STRINGIFY);
}

/** The plain value at `path`, or undefined. */
export function valueAt(text: string, path: KeyPath): unknown {
  const value = parse(text).getIn(path as string[]);
  return isCollection(value) || isScalar(value) ? (value as Node).toJSON() : value;
}

/**
 * Sets `value` at `path` (maps on the way made when missing). A list keeps the flow or block style of the
 * one it replaces; a new list of plain values is written in flow style (`[a, b]`).
 */
export function setValue(text: string, path: KeyPath, value: unknown): string {
  if (path.length === 0) throw new InventoryEditError('cannot replace the whole inventory');
  return edit(text, path, (doc) => {
    const parent = mapAt(doc, path.slice(0, -1));
    const key = path.at(-1)!;
    const old = pairIn(parent, key);
    const node = doc.createNode(value) as Node;
    const plainList = Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object');
    if (isCollection(node)) node.flow = old && isCollection(old.value) ? old.value.flow === true : plainList;
    if (isSeq(node) && old && isSeq(old.value) && !old.value.flow) node.flow = false;
    if (old) old.value = node;
    else parent.items.push(doc.createPair(key, node) as never);
  });
}

/** Removes the key at `path`; nothing happens when it is not there. */
export function removeValue(text: string, path: KeyPath): string {
  if (path.length === 0) throw new InventoryEditError('cannot remove the whole inventory');
  return edit(text, path, (doc) => {
    const parent = doc.getIn(path.slice(0, -1) as string[], true);
    if (isMap(parent)) parent.delete(path.at(-1)!);
  });
}

/** Renames the key at `path` to `name`, in place: its value, comments and position stay. */
export function renameKey(text: string, path: KeyPath, name: string): string {
  const doc = parse(text);
  const parent = path.length === 1 ? (doc.contents as YAMLMap) : doc.getIn(path.slice(0, -1) as string[], true);
  if (!isMap(parent)) throw new InventoryEditError(`${path.slice(0, -1).join('.')} is not a map in the inventory`);
  const pair = pairIn(parent, path.at(-1)!);
  if (!pair) throw new InventoryEditError(`${path.join('.')} is not in the inventory`);
  if (pairIn(parent, name)) throw new InventoryEditError(`${[...path.slice(0, -1), name].join('.')} already exists`);
  const range = (pair.key as Node).range;
  const rendered = new Document(name).toString(STRINGIFY).replace(/\n$/, '');
  if (range) {
    const renamed = text.slice(0, range[0]) + rendered + text.slice(range[1]);
    const check = parseDocument(renamed, { uniqueKeys: false });
    if (check.errors.length === 0 && check.hasIn([...path.slice(0, -1), name])) return renamed;
  }
  (pair.key as { value: unknown }).value = name;
  return doc.toString(STRINGIFY);
}
