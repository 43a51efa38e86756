import { describe, expect, it } from 'vitest';
import { describeStep, fileDiff } from '../../../src/engine/describe-step.js';
import type { FileStep } from '../../../src/engine/step.js';

const lines = Array.from({ length: 12_000 }, (_, i) => `line ${i} ${'x'.repeat(24)}`);
function step(before: string, after: string): FileStep {
  return { kind: 'file', title: 'Write /etc/app.conf', path: '/etc/app.conf', content: after, mode: '0644', owner: 'root', group: 'root', current: { content: before, mode: '0644', owner: 'root', group: 'root' } };
}

describe('a file step as reports show it', () => {
  it('has a unified diff of what changes', () => {
    const diff = fileDiff(step(lines.join('\n'), lines.map((l, i) => (i === 100 ? `${l} changed` : l)).join('\n')));
    expect(diff).toContain('-line 100 ');
    expect(diff).toContain('+line 100 xxxxxxxxxxxxxxxxxxxxxxxx changed');
  });

  it('says how large a change is instead of diffing a file rewritten line by line (seconds of CPU per host)', () => {
    const rewritten = lines.map((l, i) => (i % 2 === 0 ? `${l} changed` : l)).join('\n');
    expect(fileDiff(step(lines.join('\n'), rewritten))).toBe('(12000 lines on the host, 12000 wanted: more than 1000 lines differ, too many to show)\n');
  });

  it('has no diff at all when none is asked for (apply --yes)', () => {
    expect(describeStep(step('a\n', 'b\n'), false)).toEqual({ title: 'Write /etc/app.conf', detail: 'write /etc/app.conf' });
    expect(describeStep(step('a\n', 'b\n'), true).diff).toContain('+b');
  });
});
