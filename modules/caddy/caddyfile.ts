import type { CaddySettings, CaddySite } from '../../schemas/modules/caddy.js';

export const CADDYFILE = '/etc/caddy/Caddyfile';

/** One site's block: its address, then its handler. */
function siteBlock(site: CaddySite): string[] {
  const body = site.reverse_proxy !== undefined ? [`reverse_proxy ${site.reverse_proxy}`] : [`root * ${site.file_server ?? ''}`, 'file_server'];
  return [`${site.address} {`, ...body.map((line) => `\t${line}`), '}'];
}

/**
 * The Caddyfile, formatted as `caddy fmt` would write it (tabs, one blank line between blocks). Every value
 * comes from a setting the schema held to a pattern without whitespace, braces, quotes or `#`, so none can
 * close a block or start a directive.
 */
export function caddyfileContent(settings: CaddySettings): string {
  const blocks: string[][] = [];
  if (settings.email !== '') blocks.push(['{', `\temail ${settings.email}`, '}']);
  blocks.push(...settings.sites.map(siteBlock));
  const header = '# Written by Phanes (caddy module). Changes made here are overwritten.';
  return [header, ...blocks.map((block) => block.join('\n'))].join('\n\n') + '\n';
}
