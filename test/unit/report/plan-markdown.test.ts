import { describe, expect, it } from 'vitest';
import { describeStep } from '../../../src/engine/describe-step.js';
import type { FileStep } from '../../../src/engine/step.js';
import { escapeMarkdown, fencedBlock } from '../../../src/report/markdown-text.js';
import { renderPlanMarkdown } from '../../../src/report/plan-markdown.js';
import { sh } from '../../../src/shell/command.js';
import { Secret } from '../../../src/shell/secret.js';
import { fleetPlan, host, mod, run, step } from './plan-fixtures.js';

describe('the plan in Markdown', () => {
  it('has the totals, a table row per group of identical plans, then each group once with its diffs fenced', () => {
    expect(renderPlanMarkdown(fleetPlan())).toBe(
      [
        '## Phanes plan',
        '',
        'Plan: 7 hosts: 6 ok, 1 unreachable; 11 modules: 7 converged, 4 would change, 0 failed in 4.2s',
        '',
        '| hosts | modules | changes |',
        '| --- | --- | --- |',
        '| web1, web2, web3 (3 hosts) | 6: 3 converged, 3 would change | 1 step in nginx |',
        '| web4 | 2: 1 converged, 1 would change | 1 step in nginx |',
        '| db | 2: 2 skipped | unreachable: db: cannot connect to 10.0.0.9:22: ECONNREFUSED |',
        '| cache1, cache2 (2 hosts) | 3: 3 converged | nothing to change |',
        '',
        '### web1, web2, web3 (3 hosts)',
        '',
        '**nginx**: 1 step',
        '',
        '- Write /etc/nginx/sites-enabled/app',
        '',
        '```diff',
        '--- /etc/nginx/sites-enabled/app\ton the host',
        '+++ /etc/nginx/sites-enabled/app\twanted',
        '@@ -1,1 +1,1 @@',
        '-listen 80;',
        '+listen 8080;',
        '```',
        '',
        '### web4',
        '',
        '**nginx**: 1 step',
        '',
        '- Write /etc/nginx/sites-enabled/app',
        '',
        '```diff',
        '--- /etc/nginx/sites-enabled/app\ton the host',
        '+++ /etc/nginx/sites-enabled/app\twanted',
        '@@ -1,1 +1,1 @@',
        '-listen 80;',
        '+listen 8081;',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('fences a diff that holds ``` with a longer fence, so the diff cannot close it', () => {
    const diff = '--- /srv/README.md\ton the host\n+++ /srv/README.md\twanted\n@@ -1,3 +1,3 @@\n ```sh\n-make\n+make install\n ````\n';
    const plan = run('plan', [host('docs', [mod('files', 'pending', { steps: [step('Write /srv/README.md', { detail: 'write /srv/README.md', diff })] })])]);
    const markdown = renderPlanMarkdown(plan);
    // The longest run inside is 4 backticks: the fence is 5, and the diff sits between the fences verbatim.
    expect(markdown).toContain(`\`\`\`\`\`diff\n${diff}\`\`\`\`\`\n`);
    expect(fencedBlock('no backticks')).toBe('```\nno backticks\n```');
  });

  it('escapes host names, titles and errors: they are data, never markup', () => {
    const plan = run('plan', [
      host('web_1', [mod('nginx', 'pending', { steps: [step('Write <script>alert(1)</script> | *x*', { detail: 'true' })] })]),
      host('b', [mod('nginx', 'refused', { error: 'port 80 | used by [caddy](http://x)' })], { status: 'failed' }),
    ]);
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain('### web\\_1');
    expect(markdown).toContain('- Write &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*');
    expect(markdown).toContain('| b | 1: 1 refused | nginx refused: port 80 \\| used by \\[caddy\\](http://x) |');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
  });

  it("never shows a secret setting's value: not in commands, file contents, errors or notes", () => {
    const password = new Secret('hunter2-Pa55', 'env:REDIS_PASSWORD');
    const fileStep: FileStep = {
      kind: 'file',
      title: 'Write /etc/redis/phanes.conf',
      path: '/etc/redis/phanes.conf',
      content: new Secret(`requirepass ${password.reveal()}\n`, 'redis.conf'),
      mode: '0640',
      owner: 'redis',
      group: 'redis',
      current: { content: 'requirepass old\n', mode: '0640', owner: 'redis', group: 'redis' },
    };
    const steps = [describeStep({ kind: 'command', title: 'Set the password', command: sh`redis-cli CONFIG SET requirepass ${password}` }, true), describeStep(fileStep, true)];
    const plan = run('plan', [
      host('cache1', [mod('redis', 'pending', { steps, notes: [`left alone: a user whose password is ${password.reveal()}`] })]),
      // Output of a failed check can hold anything: the value is masked there too.
      host('cache2', [mod('redis', 'failed', { error: `health check failed: AUTH ${password.reveal()} refused` })], { status: 'failed' }),
    ]);
    const markdown = renderPlanMarkdown(plan, [password]);
    expect(markdown).toContain('redis-cli CONFIG SET requirepass ***');
    expect(markdown).toContain('AUTH \\*\\*\\* refused');
    expect(markdown).not.toContain('hunter2');
    expect(markdown).not.toContain('Pa55');
  });
});
