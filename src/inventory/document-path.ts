/** One step into a YAML document: a map key or a sequence index. */
export type PathSegment = string | number;

/** Where a node sits in the inventory document, from its root. */
export type DocumentPath = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * The dotted form used in messages: `hosts.web1.vars.baseline.timezone`, `groups.web.hosts[1]`, and
 * `hosts["web1.example.com"].port` for keys a dot would make ambiguous. The root is the empty string.
 */
export function formatPath(path: DocumentPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** Splits an ajv `instancePath` (`/hosts/web1/port`, JSON Pointer) into segments; digits become indexes. */
export function parseInstancePath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return segments;
}
