import { describe, expect, it } from 'vitest';
import { nginx, nginxPorts } from '../../../modules/nginx/nginx.js';
import { parseServerBlocks } from '../../../modules/nginx/nginx-facts.js';
import { serverBlockContent } from '../../../modules/nginx/server-block.js';
import { portConflicts } from '../../../src/engine/port-conflicts.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import { builtInCatalog } from '../../../modules/catalog.js';
import type { NginxSettings } from '../../../schemas/modules/nginx.js';

/** Settings as the inventory loader hands them over: validated, defaults filled in. */
function settings(partial: Record<string, unknown>): { value: NginxSettings; errors: string[] } {
  const value = structuredClone(partial);
  const { errors } = checkModuleSettings(nginx, value);
  return { value: value as NginxSettings, errors: errors.map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}

describe('nginx settings', () => {
  it('fills defaults: no blocks, the default site kept; a block answers for _ on port 80', () => {
    expect(settings({}).value).toEqual({ servers: [], remove_default_site: false });
    expect(settings({ servers: [{ name: 'app', root: '/srv/app' }] }).value.servers).toEqual([{ name: 'app', root: '/srv/app', server_names: ['_'], listen: 80 }]);
  });

  it('wants exactly one of root and proxy_pass', () => {
    expect(settings({ servers: [{ name: 'app' }] }).errors).not.toEqual([]);
    expect(settings({ servers: [{ name: 'app', root: '/srv', proxy_pass: 'http://127.0.0.1:3000' }] }).errors).not.toEqual([]);
  });

  // Each would end the directive and add one of its own if it reached the file.
  const hostile: [string, Record<string, unknown>][] = [
    ['server name with ;', { name: 'a', root: '/srv', server_names: ['a.test; include /etc/shadow'] }],
    ['server name with a brace', { name: 'a', root: '/srv', server_names: ['a.test}'] }],
    ['root with a space', { name: 'a', root: '/srv/a b' }],
    ['root with ;', { name: 'a', root: '/srv;autoindex on' }],
    ['root with $', { name: 'a', root: '/srv/$host' }],
    ['relative root', { name: 'a', root: 'srv' }],
    ['proxy_pass with ;', { name: 'a', proxy_pass: 'http://127.0.0.1:3000;return 200' }],
    ['proxy_pass with a newline', { name: 'a', proxy_pass: 'http://127.0.0.1:3000\n}' }],
    ['proxy_pass to a unix socket', { name: 'a', proxy_pass: 'unix:/run/app.sock' }],
    ['name with a slash', { name: '../../cron.d/x', root: '/srv' }],
    ['name with upper case', { name: 'App', root: '/srv' }],
  ];
  for (const [what, server] of hostile) {
    it(`refuses a ${what}`, () => {
      expect(settings({ servers: [server] }).errors).not.toEqual([]);
    });
  }
});

describe('serverBlockContent', () => {
  it('serves files from root', () => {
    expect(serverBlockContent({ name: 'site', server_names: ['example.com', 'www.example.com'], listen: 8080, root: '/var/www/site' })).toBe(
      [
        '# Written by Phanes (nginx module): server block "site". Changes made here are overwritten.',
        'server {',
        '\tlisten 8080;',
        '\tlisten [::]:8080;',
        '\tserver_name example.com www.example.com;',
        '\troot /var/www/site;',
        '\tindex index.html index.htm;',
        '',
        '\tlocation / {',
        '\t\ttry_files $uri $uri/ =404;',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('passes every request to an upstream with the client headers', () => {
    const block = serverBlockContent({ name: 'api', server_names: ['_'], listen: 80, proxy_pass: 'http://127.0.0.1:3000' });
    expect(block).toContain('\t\tproxy_pass http://127.0.0.1:3000;\n\t\tproxy_set_header Host $host;\n');
    expect(block).not.toContain('root');
  });
});

describe('parseServerBlocks', () => {
  it('reads present and missing files', () => {
    const parsed = parseServerBlocks('phanes-a.conf 644 root root 3\nYWJj\nphanes-b.conf\n\n');
    expect(parsed.get('phanes-a.conf')).toEqual({ mode: '0644', owner: 'root', group: 'root', content: 'abc' });
    expect(parsed.get('phanes-b.conf')).toBeNull();
    expect(parseServerBlocks('').size).toBe(0);
  });
});

describe('nginx ports and health', () => {
  it('claims the default site port and every block port, once each', () => {
    const { value } = settings({ servers: [{ name: 'a', root: '/srv', listen: 8080 }, { name: 'b', root: '/srv' }] });
    expect(nginxPorts(value)).toEqual([80, 8080]);
    expect(nginxPorts(settings({ remove_default_site: true, servers: [{ name: 'a', root: '/srv', listen: 8080 }] }).value)).toEqual([8080]);
  });

  it('checks the unit, then asks every port for an HTTP answer from the host itself', () => {
    const { value } = settings({ servers: [{ name: 'a', root: '/srv', listen: 8080 }] });
    const checks = nginx.health!(value, { host: 'web', loginUser: 'root' });
    expect(checks.map((c) => [c.title, c.command.text])).toEqual([
      ['nginx is running', 'systemctl is-active --quiet nginx.service'],
      ['nginx answers HTTP on port 80', 'curl -sS -o /dev/null --max-time 5 http://127.0.0.1:80/'],
      ['nginx answers HTTP on port 8080', 'curl -sS -o /dev/null --max-time 5 http://127.0.0.1:8080/'],
    ]);
    for (const check of checks) expect(check.hint).toMatch(/systemctl status nginx/);
  });

  it('is refused with caddy on one host, through the real modules and their default settings', () => {
    const caddy = builtInCatalog.modules.get('caddy')!;
    const caddySettings = {};
    checkModuleSettings(caddy, caddySettings);
    const refused = portConflicts([nginx, caddy], { nginx: settings({}).value, caddy: caddySettings });
    expect(refused.get('nginx')).toBe('port 80 is also used by caddy: keep one of these modules on this host, or move one to another port in its settings');
    expect(refused.get('caddy')).toMatch(/^port 80 is also used by nginx/);
  });
});
