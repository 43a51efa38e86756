import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendStepSummary } from '../../../src/report/step-summary.js';

describe('the GitHub step summary', () => {
  it('is appended to the file GITHUB_STEP_SUMMARY names, after what other steps wrote', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'phanes-summary-')), 'step_summary');
    writeFileSync(file, '## Build\n\nok\n');
    const warnings: string[] = [];
    appendStepSummary('## Phanes plan\n\nPlan: 1 host\n', { GITHUB_STEP_SUMMARY: file }, (line) => warnings.push(line));
    appendStepSummary('## Phanes apply\n', { GITHUB_STEP_SUMMARY: file }, (line) => warnings.push(line));
    expect(readFileSync(file, 'utf8')).toBe('## Build\n\nok\n## Phanes plan\n\nPlan: 1 host\n\n## Phanes apply\n\n');
    expect(warnings).toEqual([]);
  });

  it('is not written when the variable is unset or empty', () => {
    const warnings: string[] = [];
    appendStepSummary('## Phanes plan\n', {}, (line) => warnings.push(line));
    appendStepSummary('## Phanes plan\n', { GITHUB_STEP_SUMMARY: '' }, (line) => warnings.push(line));
    expect(warnings).toEqual([]);
  });

  it('never fails the run when the file cannot be written: one warning line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phanes-summary-'));
    const warnings: string[] = [];
    // A directory cannot be appended to; a missing parent cannot be created into.
    for (const file of [dir, join(dir, 'missing', 'summary')]) {
      expect(() => appendStepSummary('## Phanes plan\n', { GITHUB_STEP_SUMMARY: file }, (line) => warnings.push(line))).not.toThrow();
    }
    expect(warnings).toHaveLength(2);
    for (const warning of warnings) {
      expect(warning).toMatch(/^warning: cannot append the run's summary to GITHUB_STEP_SUMMARY: E\w+: .*; the run's result is unchanged$/);
      expect(warning).not.toContain('\n');
    }
  });
});
