import { describe, expect, it } from 'vitest';
import { colorsFor } from '../../../src/report/colors.js';
import { groupPlans } from '../../../src/report/plan-groups.js';
import { renderPlan } from '../../../src/report/plan-view.js';
import { fleetPlan, host, mod, run, step } from './plan-fixtures.js';

const plain = colorsFor({ isTTY: false }, {});
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('plan output', () => {
  it('shows hosts with identical plans once, as a group, with the diff once', () => {
    const text = renderPlan(fleetPlan(), plain);
    expect(text).toBe(
      [
        'web1, web2, web3 (3 hosts)',
        '  ~ nginx: 1 step',
        '    + Write /etc/nginx/sites-enabled/app',
        '      --- /etc/nginx/sites-enabled/app\ton the host',
        '      +++ /etc/nginx/sites-enabled/app\twanted',
        '      @@ -1,1 +1,1 @@',
        '      -listen 80;',
        '      +listen 8080;',
        'web4',
        '  ~ nginx: 1 step',
        '    + Write /etc/nginx/sites-enabled/app',
        '      --- /etc/nginx/sites-enabled/app\ton the host',
        '      +++ /etc/nginx/sites-enabled/app\twanted',
        '      @@ -1,1 +1,1 @@',
        '      -listen 80;',
        '      +listen 8081;',
        'db: unreachable',
        // Converged hosts read the same whatever modules they have.
        'cache1, cache2 (2 hosts): nothing to change',
        '',
      ].join('\n'),
    );
    expect(occurrences(text, '+listen 8080;')).toBe(1);
  });

  it('keeps apart hosts whose steps differ only in a command, and never groups unreachable hosts', () => {
    const plan = run('plan', [
      host('a', [mod('baseline', 'pending', { steps: [step('Set the time zone', { detail: 'ln -sf /usr/share/zoneinfo/UTC /etc/localtime' })] })]),
      host('b', [mod('baseline', 'pending', { steps: [step('Set the time zone', { detail: 'ln -sf /usr/share/zoneinfo/Asia/Tokyo /etc/localtime' })] })]),
      host('x', [mod('baseline', 'skipped')], { status: 'unreachable', error: { kind: 'unreachable', message: 'cannot connect' } }),
      host('y', [mod('baseline', 'skipped')], { status: 'unreachable', error: { kind: 'unreachable', message: 'cannot connect' } }),
    ]);
    expect(groupPlans(plan).map((g) => g.hosts.map((h) => h.host))).toEqual([['a'], ['b'], ['x'], ['y']]);
  });

  it('groups hosts refused for the same reason, and says when a host could not be planned at all', () => {
    const refused = () => [mod('nginx', 'refused', { error: 'port 80 is also used by caddy' })];
    const plan = run('plan', [
      host('a', refused(), { status: 'failed' }),
      host('b', refused(), { status: 'failed' }),
      host('c', [mod('nginx', 'skipped')], { status: 'failed', error: { kind: 'facts', message: 'c: module nginx, fact x: no answer' } }),
    ]);
    expect(renderPlan(plan, plain)).toBe('a, b (2 hosts)\n  ✖ nginx: refused: port 80 is also used by caddy\nc: failed\n');
  });
});
