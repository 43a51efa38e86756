/** A Caddyfile site address, taken apart: what Caddy listens on for it and how to ask it over HTTP. */
export interface SiteAddress {
  readonly scheme: 'http' | 'https' | '';
  /** '' for an address without a host (`:8080`). */
  readonly host: string;
  readonly port: number | undefined;
}

/** Parses an address the schema's pattern let through: [scheme://][host][:port]. */
export function parseSiteAddress(address: string): SiteAddress {
  const match = /^(?:(https?):\/\/)?([^:/]*)(?::(\d+))?$/.exec(address);
  if (!match) throw new Error(`not a site address: ${address}`);
  const [, scheme = '', host = '', port] = match;
  return { scheme: scheme as SiteAddress['scheme'], host, port: port === undefined ? undefined : Number(port) };
}

/** Whether Caddy serves the site over HTTPS (automatic HTTPS): a host without http:// and not on port 80. */
export function servesHttps(site: SiteAddress): boolean {
  if (site.scheme !== '') return site.scheme === 'https';
  return site.host !== '' && site.port !== 80;
}

/** The port the site itself is served on. */
export function sitePort(site: SiteAddress): number {
  return site.port ?? (servesHttps(site) ? 443 : 80);
}

/**
 * TCP ports Caddy listens on for the site: its own port, and for HTTPS sites also 80, where Caddy
 * redirects HTTP to HTTPS and answers ACME HTTP challenges.
 */
export function sitePorts(site: SiteAddress): number[] {
  return servesHttps(site) ? [sitePort(site), 80] : [sitePort(site)];
}
