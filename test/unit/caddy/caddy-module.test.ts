import { describe, expect, it } from 'vitest';
import { caddy, caddyPorts } from '../../../modules/caddy/caddy.js';
import { caddyfileContent } from '../../../modules/caddy/caddyfile.js';
import { caddySourcesList } from '../../../modules/caddy/caddy-repository.js';
import { parseSiteAddress, servesHttps, sitePorts } from '../../../modules/caddy/site-address.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import type { CaddySettings } from '../../../schemas/modules/caddy.js';

function settings(partial: Record<string, unknown>): { value: CaddySettings; errors: string[] } {
  const value = structuredClone(partial);
  const { errors } = checkModuleSettings(caddy, value);
  return { value: value as CaddySettings, errors: errors.map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}

describe('caddy settings', () => {
  it("defaults to Caddy's repository and the welcome page on port 80", () => {
    expect(settings({}).value).toEqual({ source: 'repository', email: '', sites: [{ address: ':80', file_server: '/usr/share/caddy' }] });
  });

  const hostile: [string, Record<string, unknown>][] = [
    ['address with a brace', { address: 'example.com {', file_server: '/srv' }],
    ['address with a space', { address: 'a.test b.test', file_server: '/srv' }],
    ['address with a newline', { address: 'a.test\n:9999', file_server: '/srv' }],
    ['wildcard address', { address: '*.example.com', file_server: '/srv' }],
    ['upstream with a space', { address: ':80', reverse_proxy: '127.0.0.1:3000 evil:1' }],
    ['upstream with a brace', { address: ':80', reverse_proxy: '127.0.0.1:3000}' }],
    ['root with #', { address: ':80', file_server: '/srv#x' }],
    ['root with a space', { address: ':80', file_server: '/srv x' }],
    ['both handlers', { address: ':80', file_server: '/srv', reverse_proxy: '127.0.0.1:3000' }],
    ['no handler', { address: ':80' }],
  ];
  for (const [what, site] of hostile) {
    it(`refuses a ${what}`, () => {
      expect(settings({ sites: [site] }).errors).not.toEqual([]);
    });
  }
  it('refuses an email that would open a block', () => {
    expect(settings({ email: 'a@b.c }' }).errors).not.toEqual([]);
  });
});

describe('site addresses', () => {
  const cases: [string, boolean, number[]][] = [
    [':80', false, [80]],
    [':8080', false, [8080]],
    ['example.com', true, [443, 80]],
    ['example.com:8443', true, [8443, 80]],
    ['example.com:80', false, [80]],
    ['http://example.com', false, [80]],
    ['http://example.com:8080', false, [8080]],
    ['https://example.com', true, [443, 80]],
    ['localhost', true, [443, 80]],
  ];
  for (const [address, https, ports] of cases) {
    it(`${address}: ${https ? 'HTTPS' : 'HTTP'} on ${ports.join(', ')}`, () => {
      const site = parseSiteAddress(address);
      expect(servesHttps(site)).toBe(https);
      expect(sitePorts(site)).toEqual(ports);
    });
  }
  it("claims every site's ports and the admin API's, once each", () => {
    expect(caddyPorts(settings({ sites: [{ address: 'example.com', reverse_proxy: '127.0.0.1:3000' }, { address: ':8080', file_server: '/srv' }] }).value)).toEqual([80, 443, 2019, 8080]);
  });
});

describe('caddyfileContent', () => {
  it('renders global options, then one block per site, as caddy fmt formats it', () => {
    const { value } = settings({
      email: 'ops@example.com',
      sites: [
        { address: 'example.com', reverse_proxy: '127.0.0.1:3000' },
        { address: ':8080', file_server: '/var/www/site' },
      ],
    });
    expect(caddyfileContent(value)).toBe(
      [
        '# Written by Phanes (caddy module). Changes made here are overwritten.',
        '',
        '{',
        '\temail ops@example.com',
        '}',
        '',
        'example.com {',
        '\treverse_proxy 127.0.0.1:3000',
        '}',
        '',
        ':8080 {',
        '\troot * /var/www/site',
        '\tfile_server',
        '}',
        '',
      ].join('\n'),
    );
  });
  it('has no global block without an email', () => {
    expect(caddyfileContent(settings({}).value)).toBe('# Written by Phanes (caddy module). Changes made here are overwritten.\n\n:80 {\n\troot * /usr/share/caddy\n\tfile_server\n}\n');
  });
});

describe('the repository source', () => {
  it('is signed-by its own keyring and pinned to the architecture', () => {
    expect(caddySourcesList('arm64')).toBe(
      '# Written by Phanes (caddy module).\ndeb [arch=arm64 signed-by=/usr/share/keyrings/caddy-stable-archive-keyring.gpg] https://dl.cloudsmith.io/public/caddy/stable/deb/debian any-version main\n',
    );
  });
});

describe('caddy health', () => {
  it('asks each site by its own name: HTTPS sites through their redirect on port 80', () => {
    const { value } = settings({
      sites: [
        { address: ':80', file_server: '/srv' },
        { address: 'example.com', reverse_proxy: '127.0.0.1:3000' },
        { address: 'http://app.test:8080', reverse_proxy: '127.0.0.1:3000' },
      ],
    });
    expect(caddy.health!(value, { host: 'web', loginUser: 'root' }).map((c) => [c.title, c.command.text])).toEqual([
      ['Caddy is running', 'systemctl is-active --quiet caddy.service'],
      ['Caddy answers HTTP for :80', 'curl -sS -o /dev/null --max-time 5 http://127.0.0.1:80/'],
      ['Caddy answers HTTP for example.com', 'curl -sS -o /dev/null --max-time 5 --resolve example.com:80:127.0.0.1 http://example.com:80/'],
      ['Caddy answers HTTP for http://app.test:8080', 'curl -sS -o /dev/null --max-time 5 --resolve app.test:8080:127.0.0.1 http://app.test:8080/'],
    ]);
  });
});
