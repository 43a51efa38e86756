import type { NginxServer } from '../../schemas/modules/nginx.js';
import { MANAGED_PREFIX, MANAGED_SUFFIX, SITES_ENABLED } from './nginx-facts.js';

/** The file name of a server block: its name is safe in a path (the schema's pattern). */
export function serverBlockFile(name: string): string {
  return `${MANAGED_PREFIX}${name}${MANAGED_SUFFIX}`;
}

/** Where a server block lives. */
export function serverBlockPath(name: string): string {
  return `${SITES_ENABLED}/${serverBlockFile(name)}`;
}

/** Headers an application behind a proxy needs to see the client's request as it was. */
const PROXY_HEADERS = [
  'proxy_set_header Host $host;',
  'proxy_set_header X-Real-IP $remote_addr;',
  'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  'proxy_set_header X-Forwarded-Proto $scheme;',
];

/**
 * A server block. Every value comes from a setting the schema held to a pattern without `;`, braces,
 * quotes, `$` or whitespace, so none can end a directive or open a block.
 */
export function serverBlockContent(server: NginxServer): string {
  const location =
    server.proxy_pass !== undefined
      ? [`proxy_pass ${server.proxy_pass};`, ...PROXY_HEADERS]
      : ['try_files $uri $uri/ =404;'];
  const lines = [
    `# Written by Phanes (nginx module): server block "${server.name}". Changes made here are overwritten.`,
    'server {',
    `\tlisten ${server.listen};`,
    `\tlisten [::]:${server.listen};`,
    `\tserver_name ${server.server_names.join(' ')};`,
    ...(server.root !== undefined ? [`\troot ${server.root};`, '\tindex index.html index.htm;'] : []),
    '',
    '\tlocation / {',
    ...location.map((line) => `\t\t${line}`),
    '\t}',
    '}',
  ];
  return lines.join('\n') + '\n';
}
