import { describe, expect, it } from 'vitest';
import { renderApplyMarkdown } from '../../../src/report/apply-markdown.js';
import { Secret } from '../../../src/shell/secret.js';
import { host, mod, run, step } from './plan-fixtures.js';

describe('the apply result in Markdown', () => {
  it('has the totals, the host/module table with status and health, and every failure with its error', () => {
    const summary = run('apply', [
      host('web1', [mod('baseline', 'converged'), mod('nginx', 'changed', { steps: [step('Write /etc/nginx/nginx.conf')], health: [{ title: 'nginx answers', ok: true }] })]),
      host('web2', [mod('baseline', 'converged'), mod('nginx', 'failed', { steps: [step('Reload nginx')], error: 'step "Reload nginx" failed (exit 1):\nnginx: [emerg] unknown directive "lsten"', health: [] })], { status: 'failed' }),
      host('db', [mod('baseline', 'skipped')], { status: 'unreachable', error: { kind: 'unreachable', message: 'db: cannot connect to 10.0.0.9:22: ECONNREFUSED', hint: 'is sshd running?' } }),
    ]);
    expect(renderApplyMarkdown(summary)).toBe(
      [
        '## Phanes apply',
        '',
        'Apply: 3 hosts: 1 ok, 1 failed, 1 unreachable; 4 modules: 2 converged, 1 changed, 1 failed in 4.2s',
        '',
        '| host | module | status | steps | health | time |',
        '| --- | --- | --- | --- | --- | --- |',
        '| web1 | baseline | converged |  |  | 1.5s |',
        '|  | nginx | changed | 1 | ok (1) | 1.5s |',
        '| web2 | baseline | converged |  |  | 1.5s |',
        '|  | nginx | failed | 1 |  | 1.5s |',
        '| db | - | unreachable |  |  | 2.0s |',
        '',
        '### Failures',
        '',
        '- **web2** nginx: failed',
        '',
        '```text',
        'step "Reload nginx" failed (exit 1):',
        'nginx: [emerg] unknown directive "lsten"',
        '```',
        '',
        '- **db**: unreachable',
        '',
        '```text',
        'db: cannot connect to 10.0.0.9:22: ECONNREFUSED',
        'hint: is sshd running?',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('masks secret values in failure output', () => {
    const token = new Secret('tskey-auth-XYZ', 'file:/run/key');
    const summary = run('apply', [host('vpn', [mod('tailscale', 'failed', { error: `tailscale up --auth-key=${token.reveal()} exited 1` })], { status: 'failed' })]);
    const markdown = renderApplyMarkdown(summary, [token]);
    expect(markdown).toContain('tailscale up --auth-key=*** exited 1');
    expect(markdown).not.toContain('XYZ');
  });
});
