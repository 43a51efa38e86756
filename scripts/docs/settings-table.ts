/** Markdown reference tables generated from JSON Schemas, so docs say what the validator checks. */

type SchemaNode = {
  type?: string | readonly string[];
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: readonly string[];
};

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' | ');
  const type = typeof node.type === 'string' ? node.type : node.type ? node.type.join(' | ') : 'any';
  if (type === 'array' && node.items) return `list of ${typeOf(node.items)}`;
  if (node.format === 'secret') return 'secret reference';
  return type;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One row per property: name, type, default (or "required"), and its description. */
export function settingsTable(schema: SchemaNode): string {
  const rows = ['| setting | type | default | description |', '| --- | --- | --- | --- |'];
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    const fallback = schema.required?.includes(name) ? '**required**' : node.default === undefined ? '' : `\`${JSON.stringify(node.default)}\``;
    const limits = [node.pattern && `pattern \`${node.pattern}\``, node.minimum !== undefined && `min ${node.minimum}`, node.maximum !== undefined && `max ${node.maximum}`]
      .filter(Boolean)
      .join(', ');
    rows.push(`| \`${name}\` | ${cell(typeOf(node))} | ${cell(fallback)} | ${cell(node.description ?? '')}${limits ? ` (${cell(limits)})` : ''} |`);
  }
  return rows.join('\n') + '\n';
}

export const BEGIN = '<!-- settings:begin (generated from the schema by `npm run docs`) -->';
export const END = '<!-- settings:end -->';

/** The page with its generated section replaced; throws when the markers are missing. */
export function replaceGenerated(page: string, table: string, file: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file}: missing ${BEGIN} ... ${END}`);
  return page.slice(0, start + BEGIN.length) + '\n' + table + page.slice(end);
}
